/**
 * Named moments of a start (User Timing marks, `offgrid:<step>`), so the start-up benchmark can
 * say where the time to the first result goes: the page, the camera, the worker, the model.
 * A mark costs microseconds and nothing reads it unless asked.
 */
export const STARTUP_MARK_PREFIX = 'offgrid:';

export type StartupStep =
  | 'app'
  | 'worker-asked'
  | 'model-loaded'
  | 'camera-asked'
  | 'camera-open'
  | 'video-playing'
  | 'models-ready'
  | 'live-started'
  | 'first-frame';

/** Marks `step` now; `detail` rides along (for example a model load's own timings). */
export function markStartup(step: StartupStep, detail?: Record<string, string | number>): void {
  try {
    performance.mark(`${STARTUP_MARK_PREFIX}${step}`, detail && { detail });
  } catch {
    // An engine without User Timing Level 3 details: the mark is only a measurement.
  }
}
