import { describe, expect, it } from 'vitest';
import { StreamingResampler, resample } from './resampler';

function tone(hz: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i += 1) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** Amplitude of `hz` in `samples` (a single-bin DFT). */
function amplitudeAt(samples: Float32Array, hz: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < samples.length; i += 1) {
    re += samples[i]! * Math.cos((2 * Math.PI * hz * i) / rate);
    im -= samples[i]! * Math.sin((2 * Math.PI * hz * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / samples.length;
}

/** The middle of a signal, away from the edges the kernel smears. */
const middle = (s: Float32Array) => s.subarray(Math.floor(s.length * 0.1), Math.floor(s.length * 0.9));

describe('StreamingResampler', () => {
  it.each([48_000, 44_100, 32_000, 22_050, 8_000])('keeps a 1 kHz tone at %i Hz → 16 kHz', (rate) => {
    const out = resample(tone(1000, rate, 1), rate);
    expect(out.length).toBe(16_000);
    expect(amplitudeAt(middle(out), 1000, 16_000)).toBeCloseTo(0.5, 2);
  });

  it('keeps the tone in phase: output sample n is input time n / 16 kHz', () => {
    const out = resample(tone(440, 48_000, 0.5), 48_000);
    const expected = tone(440, 16_000, 0.5);
    let worst = 0;
    for (let i = 200; i < out.length - 200; i += 1) worst = Math.max(worst, Math.abs(out[i]! - expected[i]!));
    expect(worst).toBeLessThan(0.005);
  });

  it('removes content above 8 kHz instead of folding it into the speech band', () => {
    // 9 and 11 kHz at 48 kHz would alias to 7 and 5 kHz in a naive decimator: 60 dB down here.
    for (const hz of [9_000, 11_000]) {
      expect(rms(middle(resample(tone(hz, 48_000, 1), 48_000)))).toBeLessThan(0.5 * 10 ** (-60 / 20));
    }
    // The speech band stays flat up to 6 kHz (within 0.3 dB).
    const high = resample(tone(6_000, 48_000, 1), 48_000);
    expect(amplitudeAt(middle(high), 6_000, 16_000)).toBeGreaterThan(0.5 * 10 ** (-0.3 / 20));
  });

  it('gives the same samples for any chunking as for one buffer', () => {
    const input = tone(300, 44_100, 0.7);
    for (let i = 0; i < input.length; i += 1) input[i]! += 0.1 * Math.sin(i * 0.37);
    const whole = new StreamingResampler(44_100).process(input);
    const streaming = new StreamingResampler(44_100);
    const parts: Float32Array[] = [];
    let seed = 3;
    for (let at = 0; at < input.length;) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const size = 1 + (seed % 700);
      parts.push(streaming.process(input.subarray(at, at + size)));
      at += size;
    }
    const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    expect(joined.length).toBe(whole.length);
    let worst = 0;
    for (let i = 0; i < whole.length; i += 1) worst = Math.max(worst, Math.abs(joined[i]! - whole[i]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('emits 16 000 samples per second of input over a long stream (no drift)', () => {
    const resampler = new StreamingResampler(44_100);
    let produced = 0;
    for (let i = 0; i < 100; i += 1) produced += resampler.process(new Float32Array(441 * 7)).length;
    produced += resampler.flush().length;
    // 100 chunks of 3087 samples = 7 s at 44.1 kHz; flush may add a few samples of tail.
    expect(produced).toBeGreaterThanOrEqual(7 * 16_000 - 1);
    expect(produced).toBeLessThanOrEqual(7 * 16_000 + 2);
  });

  it('copies a buffer already at 16 kHz', () => {
    const input = tone(1000, 16_000, 0.1);
    expect(resample(input, 16_000)).toEqual(input);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new StreamingResampler(0)).toThrow(RangeError);
  });
});
