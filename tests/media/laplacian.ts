/**
 * Sharpness by the variance of the Laplacian (Pech-Pacheco et al., 2000): a blurred or
 * upscaled-and-smeared image has weak second derivatives, so the response varies little.
 * Pure functions on RGBA bytes, for tests that judge snapshots and rendered frames.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** BT.601 luma weights, as most image libraries use for "grayscale". */
const LUMA = [0.299, 0.587, 0.114] as const;

/** Luma of each pixel, row-major, 0..255. */
export function grayscale(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Float32Array {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(
      `An RGBA image of ${width}×${height} has ${width * height * 4} bytes, not ${rgba.length}.`,
    );
  }
  const gray = new Float32Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    gray[i] = LUMA[0] * rgba[p]! + LUMA[1] * rgba[p + 1]! + LUMA[2] * rgba[p + 2]!;
  }
  return gray;
}

/**
 * Variance of the 3×3 Laplacian ([0 1 0; 1 −4 1; 0 1 0]) of luma over the pixels of `box`
 * (default: the whole image) whose neighbourhood lies inside both the box and the image.
 */
export function laplacianVariance(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  box: Box = { x: 0, y: 0, width, height },
): number {
  const gray = grayscale(rgba, width, height);
  const x0 = Math.max(1, Math.floor(box.x) + 1);
  const y0 = Math.max(1, Math.floor(box.y) + 1);
  const x1 = Math.min(width - 1, Math.floor(box.x + box.width) - 1);
  const y1 = Math.min(height - 1, Math.floor(box.y + box.height) - 1);
  if (x1 <= x0 || y1 <= y0) {
    throw new RangeError(
      `The box ${JSON.stringify(box)} holds no 3×3 neighbourhood of a ${width}×${height} image.`,
    );
  }
  let sum = 0;
  let sumSquares = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      const response = gray[i - width]! + gray[i + width]! + gray[i - 1]! + gray[i + 1]! - 4 * gray[i]!;
      sum += response;
      sumSquares += response * response;
    }
  }
  const n = (x1 - x0) * (y1 - y0);
  const mean = sum / n;
  return Math.max(0, sumSquares / n - mean * mean);
}
