/**
 * BlazeFace SSD anchors, as MediaPipe's SsdAnchorsCalculator builds them with
 * `fixed_anchor_size: true`: every anchor is 1 × 1, so only the centres matter.
 * Order: layer 0, then layer 1; inside a layer by row (y), column (x), then anchor in the cell —
 * the same order as the rows of the model's score and regressor outputs.
 */
import type { FaceDetectorConfig } from '../shared/config';

/** Values per anchor in the array generateAnchors returns: x, y. */
export const ANCHOR_STRIDE = 2;

const anchorCache = new WeakMap<FaceDetectorConfig, Float32Array>();

/** Feature-map side (cells per row and column) of one layer; MediaPipe rounds up. */
export function gridSize(inputSize: number, stride: number): number {
  return Math.ceil(inputSize / stride);
}

/** Anchors each layer contributes: 512 and 384 for both BlazeFace configs. */
export function layerAnchorCounts(config: FaceDetectorConfig): number[] {
  const { strides, anchorsPerCell, inputSize } = config;
  if (strides.length !== anchorsPerCell.length || strides.length === 0) {
    throw new RangeError(
      `Face detector config "${config.mode}" needs one anchorsPerCell entry per stride ` +
        `(got strides [${strides.join(', ')}], anchorsPerCell [${anchorsPerCell.join(', ')}]).`,
    );
  }
  return strides.map((stride, i) => gridSize(inputSize, stride) ** 2 * anchorsPerCell[i]!);
}

/** Total anchors (rows of the model output): 896 for both BlazeFace configs. */
export function anchorCount(config: FaceDetectorConfig): number {
  return layerAnchorCounts(config).reduce((sum, n) => sum + n, 0);
}

/**
 * Anchor centres as interleaved x, y in 0..1 of the model input (`[x0, y0, x1, y1, ...]`).
 * Memoized per config object; the array is shared, so callers must not write to it.
 */
export function generateAnchors(config: FaceDetectorConfig): Float32Array {
  const cached = anchorCache.get(config);
  if (cached) return cached;
  const counts = layerAnchorCounts(config);
  const anchors = new Float32Array(counts.reduce((sum, n) => sum + n, 0) * ANCHOR_STRIDE);
  let i = 0;
  config.strides.forEach((stride, layer) => {
    const grid = gridSize(config.inputSize, stride);
    const perCell = config.anchorsPerCell[layer]!;
    for (let y = 0; y < grid; y++) {
      for (let x = 0; x < grid; x++) {
        // (x + offset) / grid, not (x + offset) * stride / inputSize: MediaPipe divides by the
        // rounded-up grid, which differs only when the stride does not divide the input size.
        const cx = (x + config.anchorOffset) / grid;
        const cy = (y + config.anchorOffset) / grid;
        for (let a = 0; a < perCell; a++) {
          anchors[i++] = cx;
          anchors[i++] = cy;
        }
      }
    }
  });
  anchorCache.set(config, anchors);
  return anchors;
}
