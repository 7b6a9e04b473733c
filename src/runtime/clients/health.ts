/** The health calls as the page makes them: a measurement on a camera stream, breathing from a sound series. */
import { proxy, transfer } from 'comlink';
import type { FeedHandoff } from '../../shared/frame-feed';
import type { BreathingConfig } from '../../features/health/shared/config';
import type {
  BreathingResult,
  Exercise,
  HealthViewOptions,
  SeriesSample,
} from '../../features/health/shared/types';
import type { HealthReport, HealthTask } from '../../worker/types';
import type { StartCameraLoop } from '../../worker/calls/camera-loop-types';
import type { ClientCore, ModelHandle } from './core';

export interface HealthClient {
  /**
   * Starts a health measurement in the worker on a camera's frame stream: a heart-rate
   * measurement (face detector, and FaceMesh when given) or a workout (MoveNet).
   */
  startHealth: StartCameraLoop<
    | { kind: 'vitals'; detector: ModelHandle; mesh?: ModelHandle }
    | { kind: 'reps'; pose: ModelHandle; exercise: Exercise },
    HealthViewOptions,
    HealthReport,
    FeedHandoff
  >;
  updateHealth(view: HealthViewOptions): Promise<void>;
  stopHealth(): Promise<void>;
  /** Breathing rate of a series measured on the page (the microphone's breath-sound envelope). */
  breathingRate(series: SeriesSample[], config?: Partial<BreathingConfig>): Promise<BreathingResult>;
}

export const healthClient: HealthClient & ThisType<ClientCore> = {
  async startHealth(task, frames, canvas, view, onReport, onEnd) {
    const handles: HealthTask =
      task.kind === 'vitals'
        ? {
            kind: 'vitals',
            detector: await this.workerHandle(task.detector),
            ...(task.mesh ? { mesh: await this.workerHandle(task.mesh) } : {}),
          }
        : { kind: 'reps', pose: await this.workerHandle(task.pose), exercise: task.exercise };
    await this.call((api) =>
      api.startHealth(
        handles,
        transfer(frames.feed, frames.transfer),
        transfer(canvas, [canvas]),
        view,
        proxy(onReport),
        proxy(onEnd),
      ),
    );
  },

  updateHealth(view) {
    return this.call((api) => api.updateHealth(view));
  },

  stopHealth() {
    return this.call((api) => api.stopHealth());
  },

  breathingRate(series, config) {
    return this.call((api) => api.breathingRate(series, config));
  },
};
