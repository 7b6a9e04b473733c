import { describe, expect, it } from 'vitest';
import { DEFAULT_HEART_RATE_CONFIG, MIN_HEART_QUALITY } from '../shared/config';
import type { RgbSample } from '../shared/types';
import { estimateHeartRate } from './heart-rate';
import { syntheticRgb } from './synthetic';

/**
 * Sensor noise σ = 0.2 levels on each channel mean (a skin patch of a few thousand pixels),
 * a 0.5 % pulse in green, 5 % light drift and ±5 ms timestamp jitter: see DEFAULT_SYNTHETIC_RGB.
 */
const NOISE = 0.2;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('estimateHeartRate', () => {
  it.each([50, 72, 100, 150])('recovers %i bpm within ±1 bpm', (bpm) => {
    for (const seed of SEEDS) {
      const result = estimateHeartRate(syntheticRgb({ bpm, seed, noise: NOISE }));
      expect(result.reason).toBeUndefined();
      expect(result.quality).toBeGreaterThanOrEqual(MIN_HEART_QUALITY);
      expect(Math.abs(result.bpm! - bpm)).toBeLessThanOrEqual(1);
    }
  });

  it('shows no number for noise alone', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const result = estimateHeartRate(syntheticRgb({ pulseAmplitude: 0, seed, noise: 0.3 }));
      expect(result.bpm).toBeNull();
      expect(result.quality).toBeLessThan(MIN_HEART_QUALITY);
      expect(result.reason).toBe('low-quality');
    }
  });

  it('returns a plot-ready pulse waveform', () => {
    const result = estimateHeartRate(syntheticRgb({ bpm: 90, noise: NOISE }));
    expect(result.pulseRateHz).toBe(DEFAULT_HEART_RATE_CONFIG.rateHz);
    expect(result.pulse.length).toBeGreaterThan(290);
    expect(Math.max(...result.pulse.map(Math.abs))).toBeCloseTo(1, 6);
    let upward = 0;
    for (let i = 1; i < result.pulse.length; i += 1) {
      if (result.pulse[i - 1]! < 0 && result.pulse[i]! >= 0) upward += 1;
    }
    expect(upward).toBeGreaterThanOrEqual(14); // 90 bpm over ~10 s: 15 beats
    expect(upward).toBeLessThanOrEqual(16);
  });

  it('uses only the newest window', () => {
    const old = syntheticRgb({ bpm: 60, seconds: 20, drift: 0, noise: NOISE });
    const recent = syntheticRgb({ bpm: 90, seconds: 10, drift: 0, noise: NOISE, startMs: 21_000, seed: 2 });
    const result = estimateHeartRate([...old, ...recent]);
    expect(Math.abs(result.bpm! - 90)).toBeLessThanOrEqual(1);
  });

  it('needs minSeconds of signal', () => {
    expect(estimateHeartRate([]).reason).toBe('too-short');
    const short = estimateHeartRate(syntheticRgb({ seconds: 4, noise: NOISE }));
    expect(short).toMatchObject({ bpm: null, reason: 'too-short' });
    expect(short.pulse).toHaveLength(0);
  });

  it('asks to hold still after a jump in brightness, then measures what follows', () => {
    const jump = (afterMs: number) => (s: RgbSample) =>
      s.t < afterMs ? s : { t: s.t, r: s.r * 1.1, g: s.g * 1.1, b: s.b * 1.1 };
    const samples = syntheticRgb({ bpm: 80, seconds: 12, noise: NOISE });
    const end = samples.at(-1)!.t;
    expect(estimateHeartRate(samples.map(jump(end - 2000))).reason).toBe('motion');
    const later = estimateHeartRate(samples.map(jump(end - 9000)));
    expect(Math.abs(later.bpm! - 80)).toBeLessThanOrEqual(1.5);
  });

  it('starts again after the camera stalls', () => {
    const samples = syntheticRgb({ bpm: 80, seconds: 12, noise: NOISE });
    const end = samples.at(-1)!.t;
    const stalled = samples.filter((s) => s.t < end - 3000 || s.t > end - 2000);
    expect(estimateHeartRate(stalled).reason).toBe('too-short');
  });

  it('asks for more light, or less', () => {
    expect(estimateHeartRate(syntheticRgb({ skin: [40, 25, 20] })).reason).toBe('too-dark');
    expect(estimateHeartRate(syntheticRgb({ skin: [252, 210, 170] })).reason).toBe('too-bright');
  });

  it('needs enough frames per second to see 3.5 Hz', () => {
    expect(estimateHeartRate(syntheticRgb({ fps: 8, noise: NOISE })).reason).toBe('low-frame-rate');
    const slow = estimateHeartRate(syntheticRgb({ bpm: 72, fps: 15, noise: NOISE }));
    expect(Math.abs(slow.bpm! - 72)).toBeLessThanOrEqual(1);
  });
});
