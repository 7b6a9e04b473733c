import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BREATHING_CONFIG,
  DEFAULT_HEART_RATE_CONFIG,
  type SpectralRateConfig,
} from '../shared/config';
import { bandpass } from './butterworth';
import { detrend, detrendLambda } from './detrend';
import { normalizePeak, spectralRate } from './spectral-rate';
import { gaussian, mulberry32 } from './synthetic';

const FS = 30;

/** `seconds` of a sine at `hz` on a slow drift, with a little noise. */
function pulse(hz: number, seconds: number, noise = 0.05, seed = 1): Float64Array {
  const normal = gaussian(mulberry32(seed));
  return Float64Array.from({ length: seconds * FS }, (_, i) => {
    const t = i / FS;
    return Math.sin(2 * Math.PI * hz * t) + 3 * t + noise * normal();
  });
}

describe('spectralRate', () => {
  it('finds a pulse inside the band with a high quality', () => {
    const result = spectralRate(pulse(1.2, 10), FS, DEFAULT_HEART_RATE_CONFIG);
    expect(result.hz).not.toBeNull();
    expect(Math.abs(result.hz! - 1.2)).toBeLessThan(0.02);
    expect(result.quality).toBeGreaterThan(0.9);
    expect(result.quality).toBeLessThanOrEqual(1);
    expect(Number.isFinite(result.snrDb)).toBe(true);
    expect(result.snrDb).toBeGreaterThan(DEFAULT_HEART_RATE_CONFIG.snrCeilingDb);
  });

  it('returns the detrended, band-passed signal', () => {
    const signal = pulse(1.5, 8);
    const c = DEFAULT_HEART_RATE_CONFIG;
    const expected = bandpass(
      detrend(signal, detrendLambda(FS, c.detrendCutoffHz)),
      FS,
      c.band.lowHz,
      c.band.highHz,
      c.filterOrder,
    );
    const { filtered } = spectralRate(signal, FS, c);
    expect(filtered).toHaveLength(signal.length);
    expect(Array.from(filtered)).toEqual(Array.from(expected));
  });

  it('looks only inside the band: a stronger tone outside it is not the rate', () => {
    const signal = pulse(1, 10).map((v, i) => v + 4 * Math.sin((2 * Math.PI * 6 * i) / FS));
    const result = spectralRate(signal, FS, DEFAULT_HEART_RATE_CONFIG);
    expect(Math.abs(result.hz! - 1)).toBeLessThan(0.03);
  });

  it('maps the SNR onto quality with the configured floor and ceiling', () => {
    const signal = pulse(1.2, 10, 1.5, 7);
    const loose: SpectralRateConfig = { ...DEFAULT_HEART_RATE_CONFIG, snrFloorDb: -40, snrCeilingDb: 60 };
    const a = spectralRate(signal, FS, DEFAULT_HEART_RATE_CONFIG);
    const b = spectralRate(signal, FS, loose);
    expect(b.snrDb).toBeCloseTo(a.snrDb, 9);
    expect(b.quality).toBeCloseTo((b.snrDb + 40) / 100, 9);
    expect(a.quality).toBeCloseTo(Math.min(1, Math.max(0, (a.snrDb + 5) / 14)), 9);
  });

  it('reports no rate, quality 0 and an SNR of −∞ when the band has no peak', () => {
    const result = spectralRate(new Float64Array(300), FS, DEFAULT_HEART_RATE_CONFIG);
    expect(result.hz).toBeNull();
    expect(result.quality).toBe(0);
    expect(result.snrDb).toBe(Number.NEGATIVE_INFINITY);
    expect(result.filtered).toHaveLength(300);
  });

  it('finds a slow breathing rate with the breathing settings', () => {
    const fs = DEFAULT_BREATHING_CONFIG.rateHz;
    const signal = Float64Array.from(
      { length: 30 * fs },
      (_, i) => Math.sin((2 * Math.PI * 0.25 * i) / fs) + i / 100,
    );
    const result = spectralRate(signal, fs, DEFAULT_BREATHING_CONFIG);
    expect(Math.abs(result.hz! - 0.25)).toBeLessThan(0.01);
  });
});

describe('normalizePeak', () => {
  it('scales the largest magnitude to 1, keeping signs', () => {
    const out = normalizePeak([0.5, -2, 1, 0]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([0.25, -1, 0.5, 0]);
  });

  it('keeps a positive peak at 1 and all zeros at zero', () => {
    expect(Array.from(normalizePeak([1, 4, -2]))).toEqual([0.25, 1, -0.5]);
    expect(Array.from(normalizePeak([0, 0, 0]))).toEqual([0, 0, 0]);
    expect(normalizePeak([])).toHaveLength(0);
  });
});
