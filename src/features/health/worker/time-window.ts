/**
 * The estimators are called once per frame with every sample kept so far; this finds where
 * their analysis window starts without scanning the whole history.
 */

/** Index of the first sample at or after tMs in time-ordered samples (binary search). */
export function firstIndexFrom(samples: readonly { t: number }[], tMs: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.t < tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
