/**
 * Camera frames whose visible pixels are not their display size. A 16:9 camera asked for 4:3
 * at 640×480 gives Chromium frames of 1280×720 coded pixels, a 960×720 visible rectangle and a
 * 640×480 display size: `VideoFrame.copyTo` returns the 960×720 rectangle, while every step
 * after it (letterbox, skin colour, tracking, drawing) works in display pixels. Such frames used
 * to be drawn through a canvas instead, which cost 30–50 ms a frame at 1280×720 in a worker.
 * `scaleFrameBytes` resamples each plane to the display size instead, each output sample the
 * rounded mean of the source samples under it, so the bytes path and one coordinate system
 * hold for frames of any shape.
 */
import type { FrameBytes, FrameBytesFormat, PlaneLayout } from './frame-bytes';

/** One plane: its size in samples and the interleaved values per sample. */
export interface PlaneShape {
  width: number;
  height: number;
  channels: number;
}

/** The planes of a `format` frame of width × height, in the order VideoFrame.copyTo lays them out. */
export function planeShapes(format: FrameBytesFormat, width: number, height: number): PlaneShape[] {
  const luma = { width, height, channels: 1 };
  const chroma = { width: Math.ceil(width / 2), height: Math.ceil(height / 2), channels: 1 };
  switch (format) {
    case 'I420':
      return [luma, chroma, { ...chroma }];
    case 'I420A':
      return [luma, chroma, { ...chroma }, { ...luma }];
    case 'NV12':
      return [luma, { ...chroma, channels: 2 }];
    default:
      return [{ width, height, channels: 4 }];
  }
}

/** Bytes a tightly packed `format` frame of width × height needs. */
export function packedSize(format: FrameBytesFormat, width: number, height: number): number {
  return planeShapes(format, width, height).reduce((sum, p) => sum + p.width * p.height * p.channels, 0);
}

/** Spans by geometry: a camera keeps its sizes, so each frame reuses them (one per plane and axis). */
const spanCache = new Map<string, { start: Int32Array; end: Int32Array }>();

/**
 * For each of `to` output positions, the source span [start, end) it covers along an axis of
 * `from` samples: the spans tile the source when shrinking, and each is one sample when growing.
 */
export function spans(to: number, from: number): { start: Int32Array; end: Int32Array } {
  const key = `${to},${from}`;
  const cached = spanCache.get(key);
  if (cached) return cached;
  if (spanCache.size > 16) spanCache.clear();
  const start = new Int32Array(to);
  const end = new Int32Array(to);
  const factor = from / to;
  for (let o = 0; o < to; o += 1) {
    const first = Math.min(from - 1, Math.floor(o * factor));
    start[o] = first;
    end[o] = Math.max(first + 1, Math.min(from, Math.floor((o + 1) * factor)));
  }
  const result = { start, end };
  spanCache.set(key, result);
  return result;
}

/** Writes `source` (plane `shape`, at `layout`) resampled to `target` into `out` from `offset`, packed. */
function scalePlane(
  data: Uint8Array,
  layout: PlaneLayout,
  shape: PlaneShape,
  target: PlaneShape,
  out: Uint8Array,
  offset: number,
): void {
  const channels = shape.channels;
  const xs = spans(target.width, shape.width);
  const ys = spans(target.height, shape.height);
  let o = offset;
  for (let y = 0; y < target.height; y += 1) {
    const y0 = ys.start[y]!;
    const y1 = ys.end[y]!;
    const first = layout.offset + y0 * layout.stride;
    const last = layout.offset + y1 * layout.stride;
    for (let x = 0; x < target.width; x += 1) {
      const x0 = xs.start[x]! * channels;
      const x1 = xs.end[x]! * channels;
      const count = (y1 - y0) * ((x1 - x0) / channels);
      for (let c = 0; c < channels; c += 1) {
        let sum = 0;
        for (let line = first; line < last; line += layout.stride)
          for (let i = line + x0 + c; i < line + x1; i += channels) sum += data[i]!;
        // The rounded mean, in integers: (2·sum + count) / (2·count).
        out[o] = Math.floor((2 * sum + count) / (2 * count));
        o += 1;
      }
    }
  }
}

/**
 * `bytes` resampled to width × height, packed plane after plane into `out` (grown when too
 * small); the format, matrix and range are kept. Returns `bytes` itself when it already has that size.
 */
export function scaleFrameBytes(
  bytes: FrameBytes,
  width: number,
  height: number,
  out: Uint8Array = new Uint8Array(packedSize(bytes.format, width, height)),
): FrameBytes {
  if (bytes.width === width && bytes.height === height) return bytes;
  if (!(width > 0 && height > 0)) throw new RangeError(`Cannot scale a frame to ${width}×${height}.`);
  const sources = planeShapes(bytes.format, bytes.width, bytes.height);
  const targets = planeShapes(bytes.format, width, height);
  if (bytes.layout.length < sources.length)
    throw new RangeError(
      `A ${bytes.format} frame needs ${sources.length} planes, got ${bytes.layout.length}.`,
    );
  const size = packedSize(bytes.format, width, height);
  const data = out.byteLength >= size ? out : new Uint8Array(size);
  const layout: PlaneLayout[] = [];
  let offset = 0;
  targets.forEach((target, p) => {
    scalePlane(bytes.data, bytes.layout[p]!, sources[p]!, target, data, offset);
    layout.push({ offset, stride: target.width * target.channels });
    offset += target.width * target.height * target.channels;
  });
  return { ...bytes, width, height, data, layout };
}
