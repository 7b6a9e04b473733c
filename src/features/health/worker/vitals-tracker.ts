/**
 * The running state of one heart-rate measurement: the skin patches and face height of recent
 * frames, trimmed to what the estimators look at, and the estimates over them. The heart
 * rate is estimated when asked (O(window × patches), about a millisecond); the breathing rate,
 * over a 30 s window that moves slowly, at most once per `breathingEveryMs`.
 */
import {
  DEFAULT_BREATHING_CONFIG,
  DEFAULT_HEART_RATE_CONFIG,
  type BreathingConfig,
  type HeartRateConfig,
} from '../shared/config';
import type { BreathingResult, HeartRateResult, PatchSample, SeriesSample } from '../shared/types';
import { estimateBreathingRate } from './breathing';
import { estimateHeartRate } from './heart-rate';
import { firstIndexFrom } from './time-window';

/** A number is shown only once this many estimates in a row have one... */
export const STEADY_ESTIMATES = 3;
/** ...each within this many bpm of the newest: a pulse holds its rate, a chance peak does not. */
export const STEADY_BPM = 3;

export interface VitalsTrackerOptions {
  heart?: Partial<HeartRateConfig>;
  breathing?: Partial<BreathingConfig>;
  breathingEveryMs?: number;
}

/** Drops samples older than `keepMs` before the newest one (in place, amortised O(1)). */
function trim<T extends { t: number }>(samples: T[], keepMs: number): void {
  const from = firstIndexFrom(samples, samples[samples.length - 1]!.t - keepMs);
  if (from > 64 || from > samples.length / 2) samples.splice(0, from);
}

export class VitalsTracker {
  private readonly colour: PatchSample[] = [];
  private readonly recent: (number | null)[] = [];
  private readonly height: SeriesSample[] = [];
  private readonly heartConfig: HeartRateConfig;
  private readonly breathingConfig: BreathingConfig;
  private readonly breathingEveryMs: number;
  private lastBreathing: BreathingResult | null = null;
  private lastBreathingAt = -Infinity;

  constructor(options: VitalsTrackerOptions = {}) {
    this.heartConfig = { ...DEFAULT_HEART_RATE_CONFIG, ...options.heart };
    this.breathingConfig = { ...DEFAULT_BREATHING_CONFIG, ...options.breathing };
    this.breathingEveryMs = options.breathingEveryMs ?? 1000;
  }

  /**
   * One frame at time `t` (ms): the skin patches (their colours and the face's track) and the
   * face's height in the frame (its vertical position, which rises and falls a little with
   * each breath). Null when the frame had no face; the gap then restarts both windows. A new
   * set of patches (another count) restarts the heart-rate window.
   */
  add(t: number, patches: Omit<PatchSample, 't'> | null, height: number | null): void {
    if (patches) {
      const last = this.colour[this.colour.length - 1];
      if (last && last.rgb.length !== patches.rgb.length) this.colour.length = 0;
      this.colour.push({ t, ...patches });
      trim(this.colour, (this.heartConfig.windowSeconds + 1) * 1000);
    }
    if (height !== null) {
      this.height.push({ t, value: height });
      trim(this.height, (this.breathingConfig.windowSeconds + 1) * 1000);
    }
  }

  /** The heart rate now, shown only when the last STEADY_ESTIMATES estimates agree. */
  heartRate(): HeartRateResult {
    const result = estimateHeartRate(this.colour, this.heartConfig);
    this.recent.push(result.bpm);
    if (this.recent.length > STEADY_ESTIMATES) this.recent.shift();
    const bpm = result.bpm;
    if (bpm === null) return result;
    const steady =
      this.recent.length === STEADY_ESTIMATES &&
      this.recent.every((value) => value !== null && Math.abs(value - bpm) <= STEADY_BPM);
    return steady ? result : { ...result, bpm: null, reason: 'unsteady' };
  }

  /** The breathing estimate, recomputed when `breathingEveryMs` has passed since the last one. */
  breathingRate(now: number): BreathingResult {
    if (!this.lastBreathing || now - this.lastBreathingAt >= this.breathingEveryMs) {
      this.lastBreathing = estimateBreathingRate(this.height, this.breathingConfig);
      this.lastBreathingAt = now;
    }
    return this.lastBreathing;
  }

  /** Frames per second over the newest heart-rate window (0 with fewer than two frames). */
  frameRate(): number {
    const n = this.colour.length;
    if (n < 2) return 0;
    const from = firstIndexFrom(this.colour, this.colour[n - 1]!.t - this.heartConfig.windowSeconds * 1000);
    const span = this.colour[n - 1]!.t - this.colour[from]!.t;
    return span > 0 ? ((n - 1 - from) * 1000) / span : 0;
  }

  /** How many samples are held (bounded by the windows). */
  get size(): { colour: number; height: number } {
    return { colour: this.colour.length, height: this.height.length };
  }
}
