/**
 * Which samples an estimator analyses: the newest `windowSeconds`, cut after the newest time
 * gap (a stalled camera, a lost face), and refused while too short or too sparse. The heart and
 * breathing rates choose their windows the same way, so they agree on when a number can show.
 */
import { firstIndexFrom } from './time-window';

/** The estimator settings that shape the window (see HeartRateConfig, BreathingConfig). */
export interface WindowConfig {
  windowSeconds: number;
  minSeconds: number;
  maxGapMs: number;
  minFrameRateHz: number;
}

/** Samples [start, start + count) of the series, or why there is no window yet. */
export type RecentWindow =
  { ok: true; start: number; count: number } | { ok: false; reason: 'too-short' | 'low-frame-rate' };

/** Index of the first sample after the newest time gap longer than maxGapMs (or `from`). */
function afterLastGap(samples: readonly { t: number }[], from: number, maxGapMs: number): number {
  for (let i = samples.length - 1; i > from; i -= 1) {
    if (samples[i]!.t - samples[i - 1]!.t > maxGapMs) return i;
  }
  return from;
}

/** The window over time-ordered samples: at least minSeconds long and minFrameRateHz dense. */
export function recentWindow(samples: readonly { t: number }[], c: WindowConfig): RecentWindow {
  const n = samples.length;
  if (n < 2) return { ok: false, reason: 'too-short' };
  const endMs = samples[n - 1]!.t;
  const start = afterLastGap(samples, firstIndexFrom(samples, endMs - c.windowSeconds * 1000), c.maxGapMs);
  const spanMs = endMs - samples[start]!.t;
  if (spanMs < c.minSeconds * 1000) return { ok: false, reason: 'too-short' };
  const count = n - start;
  if (((count - 1) * 1000) / spanMs < c.minFrameRateHz) return { ok: false, reason: 'low-frame-rate' };
  return { ok: true, start, count };
}
