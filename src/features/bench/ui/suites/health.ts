/** The health suite on this device: each stage of a heart-rate measurement's frame, on each backend. */
import { cameraFeed, canStreamFrames, framePath } from '../../../../media/camera-frames';
import { stopStream } from '../../../../media/camera';
import { InferenceClient } from '../../../../runtime/inference-client';
import type { Backend } from '../../../../shared/backends';
import { errorMessage } from '../../../../shared/errors';
import type { VitalsReport } from '../../../health/shared/types';
import { FACE_MODEL_IDS } from '../../../face/shared/config';
import { healthRows } from '../../shared/health-rows';
import {
  DEFAULT_HEALTH_SUITE,
  QUICK_HEALTH_SUITE,
  summarizeHealthFrames,
  type HealthFrame,
  type HealthSuiteConfig,
} from '../../shared/health-suite';
import { cameraSuite, graphUrl, openSuiteCamera, suiteResult } from './common';

/** Longest wait for a measurement's frames (software WebGL is slow on a busy machine). */
const HEALTH_WAIT_MS = 180_000;

/**
 * One heart-rate measurement as the Health page runs it, in a fresh worker on `backend`: the
 * reports' timings of `warmupFrames + frames` camera frames, the warm-up dropped.
 */
async function measureVitals(
  track: MediaStreamTrack,
  backend: Backend,
  { warmupFrames, frames: wanted }: HealthSuiteConfig,
  log: (line: string) => void,
): Promise<HealthFrame[]> {
  const client = new InferenceClient();
  const controller = new AbortController();
  // A track of its own: its frame stream moves to the worker and ends with the measurement.
  const own = track.clone();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([own]);
  const frames: HealthFrame[] = [];
  try {
    await video.play();
    const [detector, mesh] = await Promise.all([
      graphUrl(FACE_MODEL_IDS.short).then((url) => client.load({ engine: 'tfjs', url, backend })),
      graphUrl(FACE_MODEL_IDS.mesh).then((url) => client.load({ engine: 'tfjs', url, backend })),
    ]);
    log(
      `${backend}: face models loaded on ${detector.info.backend}; measuring ${warmupFrames + wanted} frames`,
    );
    const { width = 640, height = 480 } = own.getSettings();
    const path = await framePath(client);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Only ${frames.length} frames arrived in ${HEALTH_WAIT_MS / 1000} s.`)),
        HEALTH_WAIT_MS,
      );
      const done = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const onReport = ({ timings, frameRateHz, regions, backend: ranOn }: VitalsReport) => {
        frames.push({ at: performance.now(), ...timings, frameRateHz, regions, backend: ranOn });
        if (frames.length === warmupFrames + wanted) done();
      };
      client
        .startHealth(
          { kind: 'vitals', detector, mesh },
          cameraFeed(path, own, video, controller.signal),
          new OffscreenCanvas(width, height),
          { mirror: true, markScale: 1 },
          (report) => report.kind === 'vitals' && onReport(report.report),
          (error) => {
            if (frames.length < warmupFrames + wanted)
              done(new Error(error ? `The measurement stopped: ${error}` : 'The camera stopped.'));
          },
        )
        .catch((error: unknown) => done(error instanceof Error ? error : new Error(errorMessage(error))));
    });
    return frames.slice(warmupFrames, warmupFrames + wanted);
  } finally {
    controller.abort();
    await client.stopHealth().catch(() => undefined);
    client.terminate();
    own.stop();
    video.srcObject = null;
  }
}

export const healthSuite = cameraSuite({
  id: 'health',
  title: 'Heart rate',
  description:
    'The cost of each camera frame while measuring a heart rate: the pulse from skin colour, the face models, and frames per second.',
  needs: () =>
    canStreamFrames() ? null : 'This browser cannot pass camera frames to a worker, which this needs.',
  async run({ quick, backends, log }) {
    const config = quick ? QUICK_HEALTH_SUITE : DEFAULT_HEALTH_SUITE;
    const stream = await openSuiteCamera();
    const results = [];
    const failures: string[] = [];
    try {
      const [track] = stream.getVideoTracks();
      if (!track) throw new Error('The camera gave no video track.');
      for (const backend of backends) {
        try {
          const frames = await measureVitals(track, backend, config, log);
          results.push(summarizeHealthFrames(backend, frames));
        } catch (error) {
          failures.push(`${backend}: ${errorMessage(error)}`);
          log(`${backend}: ${errorMessage(error)}`);
        }
      }
    } finally {
      stopStream(stream);
    }
    const { rows, notes } = healthRows(results);
    return suiteResult('health', quick, { rows, notes: [...notes, ...failures] });
  },
});
