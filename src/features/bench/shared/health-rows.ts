/**
 * The health suite's per-backend results as the Bench page's rows: each stage of a heart-rate
 * measurement's frame (rPPG beyond the face models, the detector and the mesh on the frames they
 * ran on, the whole frame) and the frames per second that reached the page.
 */
import { msRow as ms, type DeviceResult, type ResultRow } from './device-result';
import type { HealthBackendResult } from './health-suite';
import { summarize } from './stats';

export const HEALTH_METRICS = {
  rppg: 'rPPG (beyond the face models)',
  detector: 'Face detector',
  mesh: 'Face mesh',
  total: 'Whole frame',
  fps: 'Frames per second',
} as const;

/** Rows and notes of the health suite, backend after backend. */
export function healthRows(
  results: readonly Omit<HealthBackendResult, 'pageMeans'>[],
): Pick<DeviceResult, 'rows' | 'notes'> {
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  for (const r of results) {
    rows.push(ms(HEALTH_METRICS.rppg, r.ranOn, r.rppgMs));
    if (r.detectorFrames > 0) rows.push(ms(HEALTH_METRICS.detector, r.ranOn, r.detectorMs));
    if (r.meshFrames > 0) rows.push(ms(HEALTH_METRICS.mesh, r.ranOn, r.meshMs));
    rows.push(ms(HEALTH_METRICS.total, r.ranOn, r.totalMs));
    if (Number.isFinite(r.framesPerSecond))
      rows.push({
        metric: HEALTH_METRICS.fps,
        backend: r.ranOn,
        unit: 'fps',
        lowerIsBetter: false,
        summary: summarize([r.framesPerSecond]),
      });
    const { detector, mesh, rppg, total } = r.perFrameMeanMs;
    notes.push(
      `${r.ranOn}: the detector ran on ${r.detectorFrames} of ${r.frames} frames and the mesh on ` +
        `${r.meshFrames}; spread over every frame that is ${detector.toFixed(1)} ms and ` +
        `${mesh.toFixed(1)} ms, plus ${rppg.toFixed(2)} ms of rPPG, ${total.toFixed(1)} ms a frame in all.`,
    );
    if (r.regions.every((region) => region === null))
      notes.push(
        `${r.ranOn}: no face was found in the frames, so the rPPG step had nothing to measure; face the camera.`,
      );
  }
  return { rows, notes };
}
