import { describe, expect, it } from 'vitest';
import { peakFrequency, signalQuality, snrToQuality, spectrum } from './spectrum';
import { gaussian, mulberry32 } from './synthetic';

const FS = 30;
const sine = (hz: number, n: number, amplitude = 1, fs = FS) =>
  Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / fs + 0.3));
const QUALITY = { halfWidthHz: 0.1, floorDb: -5, ceilingDb: 9 };

describe('spectrum', () => {
  it('keeps only the requested band, in bins of fs / FFT size', () => {
    const s = spectrum(sine(1.2, 300), FS, { minHz: 0.7, maxHz: 3.5, zeroPadTo: 2048 });
    expect(s.binHz).toBeCloseTo(FS / 2048, 12);
    expect(s.resolutionHz).toBeCloseTo(0.1, 12);
    expect(s.startHz).toBeGreaterThanOrEqual(0.7);
    expect(s.startHz - s.binHz).toBeLessThan(0.7);
    expect(s.startHz + (s.power.length - 1) * s.binHz).toBeLessThanOrEqual(3.5);
  });

  it('has power A²/4 for a sine of amplitude A centred on a bin, whatever its offset', () => {
    const hz = (13 * FS) / 256;
    const s = spectrum(
      sine(hz, 256).map((v) => v * 2 + 7),
      FS,
    );
    expect(s.power[13]!).toBeCloseTo(1, 10);
    expect(s.power[0]!).toBeLessThan(1e-20);
  });

  it('refuses fewer than two samples', () => {
    expect(() => spectrum([1], FS)).toThrow(RangeError);
  });
});

describe('peakFrequency', () => {
  it('is sub-bin accurate: log-parabolic refinement between bins', () => {
    // 10 s at 30 fps without zero padding: bins are 30/512 ≈ 0.059 Hz wide.
    let worstRefined = 0;
    let worstBin = 0;
    for (let hz = 1.0; hz < 1.2; hz += 0.0071) {
      const s = spectrum(sine(hz, 300), FS, { minHz: 0.7, maxHz: 3.5 });
      const peak = peakFrequency(s)!;
      worstRefined = Math.max(worstRefined, Math.abs(peak - hz) / s.binHz);
      let best = 0;
      s.power.forEach((p, k) => {
        if (p > s.power[best]!) best = k;
      });
      worstBin = Math.max(worstBin, Math.abs(s.startHz + best * s.binHz - hz) / s.binHz);
    }
    expect(worstBin).toBeGreaterThan(0.4);
    expect(worstRefined).toBeLessThan(0.05);
  });

  it('skips a rise at the band edge and finds the interior peak', () => {
    const signal = sine(0.65, 300).map((v, i) => 10 * v + sine(2, 300)[i]!);
    const s = spectrum(signal, FS, { minHz: 0.7, maxHz: 3.5, zeroPadTo: 2048 });
    expect(s.power[0]!).toBeGreaterThan(10 * Math.max(...s.power.subarray(20)));
    expect(peakFrequency(s)).toBeCloseTo(2, 2);
  });

  it('is null when nothing in the band is a local maximum', () => {
    const s = spectrum(sine(0.3, 300), FS, { minHz: 0.7, maxHz: 3.5, zeroPadTo: 1024 });
    // A monotonic tail from a sine below the band: no interior peak.
    const falling = { ...s, power: s.power.map((_, k) => 1 / (k + 1)) };
    expect(peakFrequency(falling)).toBeNull();
  });
});

describe('signalQuality', () => {
  it('is high for a clean sine and its harmonic, low for white noise', () => {
    const clean = sine(1.2, 300).map((v, i) => v + 0.3 * sine(2.4, 300)[i]!);
    const s = spectrum(clean, FS, { minHz: 0.7, maxHz: 3.5, zeroPadTo: 2048 });
    const good = signalQuality(s, peakFrequency(s)!, QUALITY);
    expect(good.snrDb).toBeGreaterThan(9);
    expect(good.quality).toBe(1);

    const normal = gaussian(mulberry32(3));
    const noise = Float64Array.from({ length: 300 }, normal);
    const n = spectrum(noise, FS, { minHz: 0.7, maxHz: 3.5, zeroPadTo: 2048 });
    const bad = signalQuality(n, peakFrequency(n)!, QUALITY);
    expect(bad.snrDb).toBeLessThan(0);
    expect(bad.quality).toBeLessThan(0.5);
  });

  it('counts the harmonic as signal', () => {
    const withHarmonic = sine(1.2, 300).map((v, i) => v + sine(2.4, 300)[i]!);
    const s = spectrum(withHarmonic, FS, { minHz: 0.7, maxHz: 3.5, zeroPadTo: 2048 });
    expect(signalQuality(s, 1.2, QUALITY).snrDb).toBeGreaterThan(signalQuality(s, 1.3, QUALITY).snrDb + 10);
  });

  it('maps SNR linearly between floor and ceiling, clamped', () => {
    expect(snrToQuality(-10, -5, 9)).toBe(0);
    expect(snrToQuality(2, -5, 9)).toBeCloseTo(0.5, 12);
    expect(snrToQuality(20, -5, 9)).toBe(1);
  });
});
