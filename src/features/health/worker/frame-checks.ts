/**
 * Checks on the raw colour means before any pulse is extracted: a pulse moves skin brightness
 * by well under 1 %, so a bigger jump between two frames is the face moving or the light
 * changing, and the window has to start again after it.
 */
import type { RgbSample } from '../shared/types';

/** Rec. 601 luma weights: cheap, and close enough to tell dark from bright. */
export function luminance(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

export interface SteadyStart {
  /** Index of the first sample of the newest steady stretch. */
  start: number;
  /** What cut the stretch short, or null when it reaches back to `from`. */
  cause: 'motion' | 'gap' | null;
}

/**
 * Walks back from the newest sample to `from` and stops at the last brightness jump (relative
 * step above maxLuminanceStep) or time gap (above maxGapMs).
 */
export function findSteadyStart(
  samples: readonly RgbSample[],
  from: number,
  maxLuminanceStep: number,
  maxGapMs: number,
): SteadyStart {
  for (let i = samples.length - 1; i > from; i -= 1) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (b.t - a.t > maxGapMs) return { start: i, cause: 'gap' };
    const ya = luminance(a.r, a.g, a.b);
    const yb = luminance(b.r, b.g, b.b);
    if (Math.abs(yb - ya) > maxLuminanceStep * Math.max(ya, 1)) return { start: i, cause: 'motion' };
  }
  return { start: from, cause: null };
}

export interface Exposure {
  meanLuminance: number;
  /** The largest of the three channel means. */
  maxChannelMean: number;
}

/** Mean luminance and brightest channel mean of samples[from..]. */
export function exposure(samples: readonly RgbSample[], from: number): Exposure {
  let r = 0;
  let g = 0;
  let b = 0;
  const count = samples.length - from;
  for (let i = from; i < samples.length; i += 1) {
    const s = samples[i]!;
    r += s.r;
    g += s.g;
    b += s.b;
  }
  if (count <= 0) return { meanLuminance: 0, maxChannelMean: 0 };
  return { meanLuminance: luminance(r, g, b) / count, maxChannelMean: Math.max(r, g, b) / count };
}
