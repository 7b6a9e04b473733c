import { describe, expect, it } from 'vitest';
import { BREATH_QUALITY } from '../shared/config';
import type { SeriesSample } from '../shared/types';
import { breathEnvelope, estimateBreathingRate } from './breathing';
import { gaussian, mulberry32, syntheticBreathing } from './synthetic';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const AUDIO_RATE = 16_000;
const HOP_MS = 50;

/** Breath noise at 16 kHz, loud on each inhale (and each exhale when `twice`). */
function breathSounds(perMinute: number, seconds: number, seed: number, twice = false): Float32Array {
  const normal = gaussian(mulberry32(seed));
  const out = new Float32Array(AUDIO_RATE * seconds);
  for (let i = 0; i < out.length; i += 1) {
    const phase = (2 * Math.PI * perMinute * i) / AUDIO_RATE / 60;
    const loudness = twice ? Math.abs(Math.sin(phase)) : Math.max(0, Math.sin(phase));
    out[i] = (0.002 + 0.05 * loudness ** 2) * normal();
  }
  return out;
}

const toSeries = (envelope: Float32Array): SeriesSample[] =>
  Array.from(envelope, (value, i) => ({ t: i * HOP_MS, value }));

describe('estimateBreathingRate', () => {
  it.each([8, 15, 24])('recovers %i breaths per minute within ±1 from landmark motion', (perMinute) => {
    for (const seed of SEEDS) {
      const result = estimateBreathingRate(syntheticBreathing(perMinute, { seed }));
      expect(result.quality).toBeGreaterThanOrEqual(BREATH_QUALITY.minQuality);
      expect(Math.abs(result.perMinute! - perMinute)).toBeLessThanOrEqual(1);
    }
  });

  it('shows no number for noise alone', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const result = estimateBreathingRate(syntheticBreathing(15, { seed, amplitude: 0 }));
      expect(result.perMinute).toBeNull();
      expect(result.reason).toBe('low-quality');
    }
  });

  it('needs minSeconds of gap-free input at a usable rate', () => {
    expect(estimateBreathingRate(syntheticBreathing(15, { seconds: 15 })).reason).toBe('too-short');
    const gappy = syntheticBreathing(15).filter((s) => s.t < 12_000 || s.t > 14_000);
    expect(estimateBreathingRate(gappy).reason).toBe('too-short');
    expect(estimateBreathingRate(syntheticBreathing(15, { fps: 1.5 })).reason).toBe('low-frame-rate');
  });

  it('returns a plot-ready waveform', () => {
    const result = estimateBreathingRate(syntheticBreathing(12));
    expect(result.waveformRateHz).toBe(10);
    expect(result.waveform.length).toBeGreaterThan(290);
    expect(Math.max(...result.waveform.map(Math.abs))).toBeCloseTo(1, 6);
  });

  it.each([10, 15, 20])('recovers %i breaths per minute from a microphone envelope', (perMinute) => {
    const result = estimateBreathingRate(
      toSeries(breathEnvelope(breathSounds(perMinute, 30, 3), AUDIO_RATE, HOP_MS)),
    );
    expect(Math.abs(result.perMinute! - perMinute)).toBeLessThanOrEqual(1);
  });

  it('halves the envelope rate when inhaling and exhaling are both heard', () => {
    const envelope = breathEnvelope(breathSounds(12, 30, 4, true), AUDIO_RATE, HOP_MS);
    const result = estimateBreathingRate(toSeries(envelope), { eventsPerBreath: 2 });
    expect(Math.abs(result.perMinute! - 12)).toBeLessThanOrEqual(1);
  });
});

describe('breathEnvelope', () => {
  it('is the RMS of each hop, leaving out a trailing partial hop', () => {
    const samples = new Float32Array(1000).fill(0.5).map((v, i) => (i % 2 ? v : -v));
    const envelope = breathEnvelope(samples, 8000, 50); // 400 samples per hop
    expect(envelope).toHaveLength(2);
    expect(envelope[0]).toBeCloseTo(0.5, 6);
  });

  it('rejects a hop shorter than a sample', () => {
    expect(() => breathEnvelope(new Float32Array(10), 8000, 0.01)).toThrow(RangeError);
  });
});
