import { describe, expect, it } from 'vitest';
import { DEFAULT_HEART_RATE_CONFIG, HEART_QUALITY } from '../shared/config';
import { amplitudeAt, estimateHeartRate, weightedMedian } from './heart-rate';
import { asPatchSamples, syntheticPatches, syntheticRgb } from './synthetic';

/**
 * Sensor noise σ = 0.2 levels on each channel mean (a skin patch of a few thousand pixels),
 * a 0.5 % pulse in green, 5 % light drift and ±5 ms timestamp jitter: see DEFAULT_SYNTHETIC_RGB.
 */
const NOISE = 0.2;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const one = (options: Parameters<typeof syntheticRgb>[0]) => asPatchSamples(syntheticRgb(options));

describe('weightedMedian', () => {
  it('splits the weight in half', () => {
    expect(weightedMedian([3, 1, 2], [1, 1, 1])).toBe(2);
    expect(weightedMedian([1, 2, 3], [1, 1, 5])).toBe(3);
    expect(weightedMedian([1, 2, 3], [2, 1, 1])).toBe(1);
    expect(weightedMedian([5], [0.1])).toBe(5);
  });
});

describe('amplitudeAt', () => {
  it('reads the amplitude of a sine at its rate, and next to nothing away from it', () => {
    const fs = 30;
    const sine = Float64Array.from(
      { length: 300 },
      (_, i) => 2.5 * Math.sin((2 * Math.PI * 1.2 * i) / fs + 0.4),
    );
    expect(amplitudeAt(sine, fs, 1.2)).toBeCloseTo(2.5, 1);
    expect(amplitudeAt(sine, fs, 2.0)).toBeLessThan(0.01);
  });
});

describe('estimateHeartRate', () => {
  it.each([50, 72, 100, 150])('recovers %i bpm within ±1 bpm from one patch', (bpm) => {
    for (const seed of SEEDS) {
      const result = estimateHeartRate(one({ bpm, seed, noise: NOISE }));
      expect(result.reason).toBeUndefined();
      expect(result.quality).toBeGreaterThanOrEqual(HEART_QUALITY.minQuality);
      expect(Math.abs(result.bpm! - bpm)).toBeLessThanOrEqual(1);
    }
  });

  it.each([50, 72, 100, 150])('recovers %i bpm within ±1 bpm from twelve noisier patches', (bpm) => {
    for (const seed of SEEDS) {
      const result = estimateHeartRate(syntheticPatches({ bpm, seed }));
      expect(result.reason).toBeUndefined();
      expect(result.patches).toBe(12);
      expect(result.agreement).toBeGreaterThan(0.8);
      expect(Math.abs(result.bpm! - bpm)).toBeLessThanOrEqual(1);
    }
  });

  it('outvotes a third of the patches that see a flicker as strong as the pulse', () => {
    for (const seed of SEEDS) {
      const result = estimateHeartRate(
        syntheticPatches({ bpm: 66, seed, spoiled: 4, spoilHz: 1.7, spoilAmplitude: 0.005 }),
      );
      expect(Math.abs(result.bpm! - 66)).toBeLessThanOrEqual(1);
    }
  });

  it('never reads the pulse when most patches see something else', () => {
    for (const seed of SEEDS) {
      const result = estimateHeartRate(
        syntheticPatches({ bpm: 66, seed, patches: 12, spoiled: 7, spoilHz: 1.7 }),
      );
      // Seven of twelve see the flicker: it wins the vote, or the vote is split; never 66.
      if (result.bpm !== null) expect(Math.abs(result.bpm - 102)).toBeLessThanOrEqual(1);
      else expect(['disagree', 'low-quality']).toContain(result.reason);
      const clean = estimateHeartRate(syntheticPatches({ bpm: 66, seed }));
      expect(clean.agreement).toBeGreaterThan(result.agreement);
    }
  });

  it('shows no number for noise alone, in one patch or many', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      for (const frames of [
        one({ pulseAmplitude: 0, seed, noise: 0.3 }),
        syntheticPatches({ pulseAmplitude: 0, seed }),
        syntheticPatches({ pulseAmplitude: 0, seed, patches: 21, noise: 1 }),
      ]) {
        const result = estimateHeartRate(frames);
        expect(result.bpm).toBeNull();
        expect(['low-quality', 'disagree']).toContain(result.reason);
      }
    }
  });

  it('holds the number back while the head moves at the pulse rate', () => {
    for (const seed of SEEDS) {
      const bobbing = estimateHeartRate(
        syntheticPatches({ bpm: 72, seed, motion: { hz: 1.2, amplitude: 0.03 } }),
      );
      expect(bobbing).toMatchObject({ bpm: null, reason: 'motion' });
      expect(bobbing.motionDb).toBeGreaterThan(0);
    }
  });

  it('measures through sway and nods away from the pulse rate', () => {
    for (const seed of SEEDS) {
      for (const motion of [
        { hz: 0.3, amplitude: 0.05 },
        { hz: 0.1, amplitude: 0.05 },
        { hz: 2.0, amplitude: 0.02 },
      ]) {
        const result = estimateHeartRate(syntheticPatches({ bpm: 72, seed, motion }));
        expect(result.motionDb).toBeLessThan(0);
        expect(Math.abs(result.bpm! - 72)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('measures through lighting steps of ±10 %', () => {
    for (const seed of SEEDS) {
      const frames = syntheticPatches({
        bpm: 84,
        seed,
        seconds: 12,
        lightSteps: [
          [3000, 1.1],
          [6000, 0.9],
          [9500, 1.1],
        ],
      });
      const result = estimateHeartRate(frames);
      expect(Math.abs(result.bpm! - 84)).toBeLessThanOrEqual(1);
    }
  });

  it('returns a plot-ready pulse waveform', () => {
    const result = estimateHeartRate(one({ bpm: 90, noise: NOISE }));
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
    const result = estimateHeartRate(asPatchSamples([...old, ...recent]));
    expect(Math.abs(result.bpm! - 90)).toBeLessThanOrEqual(1);
  });

  it('needs minSeconds of signal', () => {
    expect(estimateHeartRate([]).reason).toBe('too-short');
    const short = estimateHeartRate(one({ seconds: 4, noise: NOISE }));
    expect(short).toMatchObject({ bpm: null, reason: 'too-short' });
    expect(short.pulse).toHaveLength(0);
  });

  it('starts again after the camera stalls', () => {
    const samples = one({ bpm: 80, seconds: 12, noise: NOISE });
    const end = samples.at(-1)!.t;
    const stalled = samples.filter((s) => s.t < end - 3500 || s.t > end - 2000);
    expect(estimateHeartRate(stalled).reason).toBe('too-short');
  });

  it('leaves out a patch that left the frame, and measures with the rest', () => {
    const frames = syntheticPatches({ bpm: 72, seed: 4 });
    frames[100]!.rgb[0] = Number.NaN;
    const result = estimateHeartRate(frames);
    expect(result.patches).toBe(11);
    expect(Math.abs(result.bpm! - 72)).toBeLessThanOrEqual(1);
  });

  it('asks for more light, or less, or a closer face', () => {
    expect(estimateHeartRate(one({ skin: [40, 25, 20] })).reason).toBe('too-dark');
    expect(estimateHeartRate(one({ skin: [252, 210, 170] })).reason).toBe('too-bright');
    expect(estimateHeartRate(syntheticPatches({ faceWidth: 30 })).reason).toBe('face-too-small');
  });

  it('needs enough frames per second to see 3.5 Hz', () => {
    expect(estimateHeartRate(one({ fps: 8, noise: NOISE })).reason).toBe('low-frame-rate');
    const slow = estimateHeartRate(one({ bpm: 72, fps: 15, noise: NOISE }));
    expect(Math.abs(slow.bpm! - 72)).toBeLessThanOrEqual(1);
  });
});
