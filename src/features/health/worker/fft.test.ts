import { describe, expect, it } from 'vitest';
import { fft, isPowerOfTwo, nextPowerOfTwo } from './fft';
import { mulberry32 } from './synthetic';

/** O(n²) reference DFT. */
function dft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    for (let j = 0; j < n; j += 1) {
      const w = (-2 * Math.PI * j * k) / n;
      outRe[k]! += re[j]! * Math.cos(w) - im[j]! * Math.sin(w);
      outIm[k]! += re[j]! * Math.sin(w) + im[j]! * Math.cos(w);
    }
  }
  return [outRe, outIm];
}

describe('fft', () => {
  it.each([1, 2, 8, 64, 256])('matches the direct DFT for n = %i', (n) => {
    const random = mulberry32(n);
    const re = Float64Array.from({ length: n }, () => random() - 0.5);
    const im = Float64Array.from({ length: n }, () => random() - 0.5);
    const [wantRe, wantIm] = dft(re, im);
    fft(re, im);
    for (let k = 0; k < n; k += 1) {
      expect(re[k]).toBeCloseTo(wantRe[k]!, 10);
      expect(im[k]).toBeCloseTo(wantIm[k]!, 10);
    }
  });

  it('puts a cosine in its two bins', () => {
    const n = 32;
    const re = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 5 * j) / n));
    const im = new Float64Array(n);
    fft(re, im);
    expect(re[5]).toBeCloseTo(n / 2, 10);
    expect(re[n - 5]).toBeCloseTo(n / 2, 10);
    expect(Math.hypot(re[4]!, im[4]!)).toBeLessThan(1e-9);
  });

  it('rejects lengths that are not a power of two', () => {
    expect(() => fft(new Float64Array(12), new Float64Array(12))).toThrow(RangeError);
    expect(() => fft(new Float64Array(8), new Float64Array(4))).toThrow(RangeError);
  });

  it('rounds sizes up to a power of two', () => {
    expect([1, 2, 3, 300, 1024, 1025].map(nextPowerOfTwo)).toEqual([1, 2, 4, 512, 1024, 2048]);
    expect([1, 2, 6, 0, 2.5].map(isPowerOfTwo)).toEqual([true, true, false, false, false]);
  });
});
