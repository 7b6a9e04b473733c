/**
 * The mean colour of a few polygons of a frame (the skin patches), read from the frame's own
 * bytes. Polygons are filled by scanline at pixel centres, so a patch counts each pixel once
 * however many vertices it has; patches are clipped to the frame.
 *
 * For YUV frames the means are taken in YUV and converted once: the conversion is affine, so
 * the RGB of the mean equals the mean of the per-pixel RGB (short of clipping at 0 and 255).
 */
import type { Point } from '../../face/shared/types';
import { YUV_COEFFS, type FrameBytes } from '../../face/worker/frame-bytes';

export interface RegionColour {
  r: number;
  g: number;
  b: number;
  /** How many pixels were averaged. */
  pixels: number;
}

/** Calls `span(y, x0, x1)` for each run of pixels [x0, x1] whose centre lies inside the polygon. */
export function scanPolygon(
  polygon: readonly Point[],
  width: number,
  height: number,
  span: (y: number, x0: number, x1: number) => void,
): void {
  if (polygon.length < 3) return;
  let top = Infinity;
  let bottom = -Infinity;
  for (const [, y] of polygon) {
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  const yStart = Math.max(0, Math.ceil(top - 0.5));
  const yEnd = Math.min(height - 1, Math.floor(bottom - 0.5));
  const crossings: number[] = [];
  for (let y = yStart; y <= yEnd; y += 1) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
      const [xi, yi] = polygon[i]!;
      const [xj, yj] = polygon[j]!;
      // Half-open rule: an edge counts for rows in [min y, max y), so shared vertices count once.
      if (yi <= cy !== yj <= cy) crossings.push(xi + ((cy - yi) / (yj - yi)) * (xj - xi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const x0 = Math.max(0, Math.ceil(crossings[k]! - 0.5));
      const x1 = Math.min(width - 1, Math.floor(crossings[k + 1]! - 0.5));
      if (x1 >= x0) span(y, x0, x1);
    }
  }
}

/** Mean RGB (0..255) over the polygons, or null when they cover no pixel of the frame. */
export function regionColour(
  frame: FrameBytes,
  polygons: readonly (readonly Point[])[],
): RegionColour | null {
  const { width, height, data, layout, format } = frame;
  const p0 = layout[0]!;
  let a = 0;
  let b = 0;
  let c = 0;
  let pixels = 0;
  if (format === 'I420' || format === 'I420A' || format === 'NV12') {
    const p1 = layout[1]!;
    const p2 = layout[2] ?? p1;
    const nv12 = format === 'NV12';
    for (const polygon of polygons) {
      scanPolygon(polygon, width, height, (y, x0, x1) => {
        const line = p0.offset + y * p0.stride;
        const uRow = p1.offset + (y >> 1) * p1.stride;
        const vRow = p2.offset + (y >> 1) * p2.stride;
        for (let x = x0; x <= x1; x += 1) {
          a += data[line + x]!;
          const cx = x >> 1;
          b += nv12 ? data[uRow + cx * 2]! : data[uRow + cx]!;
          c += nv12 ? data[uRow + cx * 2 + 1]! : data[vRow + cx]!;
        }
        pixels += x1 - x0 + 1;
      });
    }
    if (pixels === 0) return null;
    const [rv, gu, gv, bu] = YUV_COEFFS[frame.matrix];
    const yScale = frame.fullRange ? 1 : 255 / 219;
    const cScale = frame.fullRange ? 1 : 255 / 224;
    const luma = (a / pixels - (frame.fullRange ? 0 : 16)) * yScale;
    const u = (b / pixels - 128) * cScale;
    const v = (c / pixels - 128) * cScale;
    return { r: luma + rv * v, g: luma + gu * u + gv * v, b: luma + bu * u, pixels };
  }
  for (const polygon of polygons) {
    scanPolygon(polygon, width, height, (y, x0, x1) => {
      const line = p0.offset + y * p0.stride;
      for (let x = x0, at = line + x0 * 4; x <= x1; x += 1, at += 4) {
        a += data[at]!;
        b += data[at + 1]!;
        c += data[at + 2]!;
      }
      pixels += x1 - x0 + 1;
    });
  }
  if (pixels === 0) return null;
  const swap = format === 'BGRA' || format === 'BGRX';
  return { r: (swap ? c : a) / pixels, g: b / pixels, b: (swap ? a : c) / pixels, pixels };
}
