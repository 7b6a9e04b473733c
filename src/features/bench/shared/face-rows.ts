/**
 * The face suite's result as the Bench page's rows: per backend that ran, the model alone and the
 * whole frame (in → boxes) with their ratio; the sustained rate of the live loop on the camera,
 * and the worker's memory before and after it.
 */
import { msRow as ms, type DeviceResult, type ResultRow } from './device-result';
import type { FaceLiveResult, FaceSuiteResult } from './face-suite';
import { summarize } from './stats';

export const FACE_METRICS = {
  model: 'BlazeFace, model only',
  frame: 'BlazeFace, frame in → boxes',
  live: 'Camera, sustained',
} as const;

/** Rows, ratios and notes of the timed frames, engine after engine. */
export function faceRows(
  result: Pick<FaceSuiteResult, 'engines'>,
): Pick<DeviceResult, 'rows' | 'ratios' | 'notes'> {
  const rows: ResultRow[] = [];
  const ratios: DeviceResult['ratios'] = [];
  const notes: string[] = [];
  for (const engine of result.engines) {
    if (engine.error) notes.push(`${engine.backend}: ${engine.error}`);
    if (engine.samples.length === 0) continue;
    if (engine.modelMs) rows.push(ms(FACE_METRICS.model, engine.ranOn, engine.modelMs));
    rows.push(ms(FACE_METRICS.frame, engine.ranOn, engine.frameMs));
    if (engine.modelMs)
      ratios.push({
        label: `Whole frame / model only on ${engine.ranOn}`,
        value: engine.frameMs.median / engine.modelMs.median,
      });
  }
  return { rows, ratios, notes };
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** The live loop's row (frames per second) and its note (the worker's memory over the frames). */
export function faceLiveRows(live: Pick<FaceLiveResult, 'backend' | 'fps' | 'cameraFps' | 'memory'>): {
  row: ResultRow;
  note: string;
} {
  const { afterWarmup, afterFrames, framesBetween } = live.memory;
  const heap =
    afterWarmup.workerWasmHeapBytes !== null && afterFrames.workerWasmHeapBytes !== null
      ? `, WebAssembly heap ${mb(afterWarmup.workerWasmHeapBytes)} → ${mb(afterFrames.workerWasmHeapBytes)} MB`
      : '';
  return {
    row: {
      metric: FACE_METRICS.live,
      backend: live.backend,
      unit: 'fps',
      lowerIsBetter: false,
      summary: summarize([live.fps]),
    },
    note:
      `Worker memory over ${framesBetween} camera frames: ${afterWarmup.workerTensors} → ` +
      `${afterFrames.workerTensors} tensors${heap}` +
      (live.cameraFps ? `; the camera gives ${live.cameraFps.toFixed(0)} fps.` : '.'),
  };
}
