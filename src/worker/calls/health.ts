/** The health calls: a heart-rate or workout measurement on a camera stream, and breathing from a sound series. */
import { estimateBreathingRate } from '../../features/health/worker/breathing';
import { RepsAnalyser } from '../../features/health/worker/reps-analyser';
import { VitalsAnalyser } from '../../features/health/worker/vitals-analyser';
import type { HealthViewOptions } from '../../features/health/shared/types';
import type { ModelRunner } from '../../features/face/worker/detect-faces';
import { CameraLoop, reportEnd, type FrameStep } from '../camera-loop';
import { openFeed } from '../frame-feed';
import type { HealthCalls } from './health-types';
import { modelCalls, tfjsBackendNow } from './models';

/** The one health measurement this worker runs, if any, and the view options it draws with. */
let health: { loop: CameraLoop; view: HealthViewOptions } | null = null;

export const healthCalls: HealthCalls = {
  async startHealth(task, frames, canvas, view, onReport, onEnd) {
    await healthCalls.stopHealth();
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('The overlay canvas has no 2D context.');
    const run: ModelRunner = async (model, inputs) => (await modelCalls.run(model, inputs, 0)).outputs;
    const send: typeof onReport = (report) => void Promise.resolve(onReport(report)).catch(() => undefined);
    const state = { loop: null as unknown as CameraLoop, view };
    let step: FrameStep;
    if (task.kind === 'vitals') {
      const analyser = new VitalsAnalyser(run, task, tfjsBackendNow);
      step = async (frame, dropped) =>
        send({ kind: 'vitals', report: await analyser.frame(frame, ctx, state.view, dropped) });
    } else {
      const analyser = new RepsAnalyser(run, task.pose, task.exercise, tfjsBackendNow);
      step = async (frame, dropped) =>
        send({ kind: 'reps', report: await analyser.frame(frame, ctx, state.view, dropped) });
    }
    const loop = new CameraLoop(openFeed(frames), step);
    state.loop = loop;
    health = state;
    reportEnd(loop.done, onEnd, () => {
      if (health?.loop === loop) health = null;
    });
  },

  async updateHealth(view) {
    if (health) health.view = view;
  },

  async stopHealth() {
    const running = health;
    health = null;
    running?.loop.stop();
    await running?.loop.done.catch(() => undefined);
  },

  async breathingRate(series, config) {
    return estimateBreathingRate(series, config);
  },
};
