/**
 * The running state of one heart-rate measurement: the skin colour and face height of recent
 * frames, trimmed to what the estimators look at, and the estimates over them. The heart
 * rate is estimated at every frame (O(window), well under a millisecond); the breathing rate,
 * over a 30 s window that moves slowly, at most once per `breathingEveryMs`.
 */
import {
  DEFAULT_BREATHING_CONFIG,
  DEFAULT_HEART_RATE_CONFIG,
  type BreathingConfig,
  type HeartRateConfig,
} from '../shared/config';
import type { BreathingResult, HeartRateResult, RgbSample, SeriesSample } from '../shared/types';
import { estimateBreathingRate } from './breathing';
import { estimateHeartRate } from './heart-rate';
import { firstIndexFrom } from './time-window';

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
  private readonly colour: RgbSample[] = [];
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
   * One frame at time `t` (ms): the skin's mean colour and the face's height in the frame (its
   * vertical position, which rises and falls a little with each breath). Null when the frame
   * had no face; the gap then restarts both windows.
   */
  add(t: number, colour: { r: number; g: number; b: number } | null, height: number | null): void {
    if (colour) {
      this.colour.push({ t, r: colour.r, g: colour.g, b: colour.b });
      trim(this.colour, (this.heartConfig.windowSeconds + 1) * 1000);
    }
    if (height !== null) {
      this.height.push({ t, value: height });
      trim(this.height, (this.breathingConfig.windowSeconds + 1) * 1000);
    }
  }

  heartRate(): HeartRateResult {
    return estimateHeartRate(this.colour, this.heartConfig);
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
