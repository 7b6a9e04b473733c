/**
 * Letterboxing: the frame is scaled to fit inside the square model input with its aspect ratio
 * kept, centred, the rest padded black (MediaPipe's `keep_aspect_ratio` with BORDER_ZERO).
 */

/** Where the frame lies inside the square input: input pixel = frame pixel × scale + offset. */
export interface Letterbox {
  scale: number;
  offsetX: number;
  offsetY: number;
  /** Size of the drawn frame inside the input, in input pixels. */
  drawWidth: number;
  drawHeight: number;
}

/** Fits a srcWidth × srcHeight frame into a size × size input; offsets stay fractional so the round trip is exact. */
export function letterbox(srcWidth: number, srcHeight: number, size: number): Letterbox {
  for (const [name, value] of [
    ['srcWidth', srcWidth],
    ['srcHeight', srcHeight],
    ['size', size],
  ] as const) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(`letterbox: ${name} must be a positive number of pixels, got ${value}.`);
    }
  }
  const scale = Math.min(size / srcWidth, size / srcHeight);
  const drawWidth = srcWidth * scale;
  const drawHeight = srcHeight * scale;
  return { scale, offsetX: (size - drawWidth) / 2, offsetY: (size - drawHeight) / 2, drawWidth, drawHeight };
}
