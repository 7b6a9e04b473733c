/**
 * Camera frames and pose results arrive on a jittery clock (frame pacing, dropped frames,
 * worker hiccups), but every later step assumes a uniform rate; this puts them on one.
 */

/** A stretch with no samples, longer than the caller's maxGapMs. */
export interface TimeGap {
  startMs: number;
  endMs: number;
}

export interface ResampleOptions {
  /** Steps between kept samples longer than this are reported as gaps (they are still bridged). */
  maxGapMs?: number;
}

export interface Resampled {
  /** length × channels, interleaved like the input. */
  values: Float32Array;
  channels: number;
  length: number;
  startMs: number;
  rateHz: number;
  gaps: TimeGap[];
  /** Samples dropped because their time was not after the previous kept sample (or not finite). */
  dropped: number;
}

/** Half a second: at 30 fps that is 15 missing frames, more than a stutter. */
export const DEFAULT_MAX_GAP_MS = 500;

/**
 * Linear interpolation of `values` (n × channels, interleaved; channels = values.length / n)
 * onto a grid at rateHz from the first kept timestamp. A sample whose time does not increase on
 * the last kept one (duplicate, out of order, NaN) is dropped.
 */
export function resample(
  timestampsMs: ArrayLike<number>,
  values: ArrayLike<number>,
  rateHz: number,
  options: ResampleOptions = {},
): Resampled {
  const n = timestampsMs.length;
  const channels = n > 0 ? values.length / n : 1;
  if (!Number.isInteger(channels) || channels < 1) {
    throw new RangeError(`${values.length} values do not split into ${n} samples.`);
  }
  if (!(rateHz > 0)) throw new RangeError(`Resampling rate must be positive, got ${rateHz}.`);
  const maxGapMs = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  const stepMs = 1000 / rateHz;

  // Kept samples are those later than every earlier one, so the last kept is the latest time.
  let start = Number.NaN;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i += 1) {
    const t = timestampsMs[i]!;
    if (!Number.isFinite(t)) continue;
    if (Number.isNaN(start)) start = t;
    if (t > end) end = t;
  }
  const length = Number.isNaN(start) ? 0 : Math.floor((end - start) / stepMs + 1e-9) + 1;
  const out = new Float32Array(length * channels);
  const gaps: TimeGap[] = [];
  let dropped = 0;
  let prev = -1;
  let k = 0;
  for (let i = 0; i < n; i += 1) {
    const t = timestampsMs[i]!;
    if (!(Number.isFinite(t) && (prev < 0 || t > timestampsMs[prev]!))) {
      dropped += 1;
      continue;
    }
    if (prev < 0) {
      for (let c = 0; c < channels; c += 1) out[c] = values[i * channels + c]!;
      k = 1;
    } else {
      const t0 = timestampsMs[prev]!;
      if (t - t0 > maxGapMs) gaps.push({ startMs: t0, endMs: t });
      const span = t - t0;
      for (; k < length && start + k * stepMs <= t + 1e-9; k += 1) {
        const w = (start + k * stepMs - t0) / span;
        for (let c = 0; c < channels; c += 1) {
          const a = values[prev * channels + c]!;
          out[k * channels + c] = a + (values[i * channels + c]! - a) * w;
        }
      }
    }
    prev = i;
  }
  return { values: out, channels, length, startMs: Number.isNaN(start) ? 0 : start, rateHz, gaps, dropped };
}
