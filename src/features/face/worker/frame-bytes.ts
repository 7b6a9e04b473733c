/**
 * Letterboxing straight from a camera frame's own bytes (VideoFrame.copyTo), with no canvas:
 * each model-input pixel averages a small grid of source samples, converted from YUV (or
 * RGB) once. It reads a few thousand samples instead of drawing and reading back a canvas,
 * which is what makes pre-processing cheap next to the model.
 */
import type { Letterbox } from './letterbox';

export type FrameBytesFormat = 'I420' | 'I420A' | 'NV12' | 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';
export const FRAME_BYTES_FORMATS: readonly string[] = [
  'I420',
  'I420A',
  'NV12',
  'RGBA',
  'RGBX',
  'BGRA',
  'BGRX',
];

export interface PlaneLayout {
  offset: number;
  stride: number;
}

export interface FrameBytes {
  format: FrameBytesFormat;
  width: number;
  height: number;
  data: Uint8Array;
  layout: readonly PlaneLayout[];
  /** YUV→RGB matrix: BT.709 for HD sources, BT.601 otherwise; `fullRange` for 0–255 luma. */
  matrix: 'bt709' | 'bt601';
  fullRange: boolean;
}

/**
 * At most this many luma samples per axis for one input pixel. Two (four per pixel) keeps fine
 * detail from aliasing at camera-to-128² scales and costs well under a millisecond.
 */
export const MAX_SAMPLES_PER_AXIS = 2;

export const YUV_COEFFS = {
  // [R from V, G from U, G from V, B from U], from the standards' Kr/Kb.
  bt601: [1.402, -0.344136, -0.714136, 1.772],
  bt709: [1.5748, -0.187324, -0.468124, 1.8556],
} as const;

interface Positions {
  positions: Int32Array;
  centres: Int32Array;
}

const positionCache = new Map<string, Positions>();

/** Source sample positions along one axis: `samples` per output pixel, for output pixels [from, to). Cached per geometry. */
function samplePositions(
  from: number,
  to: number,
  offset: number,
  footprint: number,
  samples: number,
  limit: number,
): Positions {
  const key = `${from},${to},${offset},${footprint},${samples},${limit}`;
  const cached = positionCache.get(key);
  if (cached) return cached;
  if (positionCache.size > 16) positionCache.clear();
  const step = footprint / samples;
  const out = new Int32Array((to - from) * samples);
  const centres = new Int32Array(to - from);
  for (let o = from; o < to; o += 1) {
    const start = (o - offset) * footprint;
    for (let k = 0; k < samples; k += 1)
      out[(o - from) * samples + k] = Math.min(limit - 1, Math.max(0, Math.floor(start + (k + 0.5) * step)));
    centres[o - from] = Math.min(limit - 1, Math.max(0, Math.floor(start + footprint / 2)));
  }
  const result = { positions: out, centres };
  positionCache.set(key, result);
  return result;
}

/**
 * Writes the frame letterboxed into a size×size RGB input, value × scale + offset per channel
 * (BlazeFace: scale 1/127.5, offset −1). Padding gets the value of black. Luma (or RGB) is
 * the mean of a small grid of samples per input pixel; chroma, already half resolution, is
 * read once at the pixel's centre.
 */
export function letterboxFromBytes(
  frame: FrameBytes,
  box: Letterbox,
  size: number,
  valueScale: number,
  valueOffset: number,
  out: Float32Array = new Float32Array(size * size * 3),
): Float32Array {
  const { width, height, data, layout, format } = frame;
  out.fill(valueOffset);
  const footprint = 1 / box.scale;
  const samples = Math.max(1, Math.min(MAX_SAMPLES_PER_AXIS, Math.ceil(footprint)));
  const count = samples * samples;
  const x0 = Math.max(0, Math.floor(box.offsetX));
  const x1 = Math.min(size, Math.ceil(box.offsetX + box.drawWidth));
  const y0 = Math.max(0, Math.floor(box.offsetY));
  const y1 = Math.min(size, Math.ceil(box.offsetY + box.drawHeight));
  const xs = samplePositions(x0, x1, box.offsetX, footprint, samples, width);
  const ys = samplePositions(y0, y1, box.offsetY, footprint, samples, height);
  const p0 = layout[0]!;
  const yuv = format === 'I420' || format === 'I420A' || format === 'NV12';
  if (yuv) {
    const [rv, gu, gv, bu] = YUV_COEFFS[frame.matrix];
    const yScale = frame.fullRange ? 1 : 255 / 219;
    const yBase = frame.fullRange ? 0 : 16;
    const cScale = frame.fullRange ? 1 : 255 / 224;
    const p1 = layout[1]!;
    const p2 = layout[2] ?? p1;
    const nv12 = format === 'NV12';
    const xPos = xs.positions;
    const lumaScale = yScale / count;
    const lines = new Int32Array(samples);
    for (let oy = y0; oy < y1; oy += 1) {
      const row = (oy - y0) * samples;
      for (let j = 0; j < samples; j += 1) lines[j] = p0.offset + ys.positions[row + j]! * p0.stride;
      const cy = ys.centres[oy - y0]! >> 1;
      const uRow = p1.offset + cy * p1.stride;
      const vRow = p2.offset + cy * p2.stride;
      let o = (oy * size + x0) * 3;
      for (let ox = x0; ox < x1; ox += 1, o += 3) {
        const col = (ox - x0) * samples;
        let luma = 0;
        for (let j = 0; j < samples; j += 1) {
          const line = lines[j]!;
          for (let i = 0; i < samples; i += 1) luma += data[line + xPos[col + i]!]!;
        }
        const cx = xs.centres[ox - x0]! >> 1;
        const u = ((nv12 ? data[uRow + cx * 2]! : data[uRow + cx]!) - 128) * cScale;
        const v = ((nv12 ? data[uRow + cx * 2 + 1]! : data[vRow + cx]!) - 128) * cScale;
        const y = luma * lumaScale - yBase * yScale;
        const r = y + rv * v;
        const g = y + gu * u + gv * v;
        const b = y + bu * u;
        out[o] = (r < 0 ? 0 : r > 255 ? 255 : r) * valueScale + valueOffset;
        out[o + 1] = (g < 0 ? 0 : g > 255 ? 255 : g) * valueScale + valueOffset;
        out[o + 2] = (b < 0 ? 0 : b > 255 ? 255 : b) * valueScale + valueOffset;
      }
    }
    return out;
  }
  const swapRb = format === 'BGRA' || format === 'BGRX';
  for (let oy = y0; oy < y1; oy += 1) {
    const row = (oy - y0) * samples;
    for (let ox = x0; ox < x1; ox += 1) {
      const col = (ox - x0) * samples;
      let a = 0;
      let b = 0;
      let c = 0;
      for (let j = 0; j < samples; j += 1) {
        const line = p0.offset + ys.positions[row + j]! * p0.stride;
        for (let i = 0; i < samples; i += 1) {
          const at = line + xs.positions[col + i]! * 4;
          a += data[at]!;
          b += data[at + 1]!;
          c += data[at + 2]!;
        }
      }
      const o = (oy * size + ox) * 3;
      out[o] = ((swapRb ? c : a) / count) * valueScale + valueOffset;
      out[o + 1] = (b / count) * valueScale + valueOffset;
      out[o + 2] = ((swapRb ? a : c) / count) * valueScale + valueOffset;
    }
  }
  return out;
}
