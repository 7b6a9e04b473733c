import { describe, expect, it } from 'vitest';
import golden from '../../../../tests/fixtures/health/detrend.json';
import { detrend, detrendLambda } from './detrend';

const rms = (x: ArrayLike<number>, from = 0, to = x.length) => {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += x[i]! ** 2;
  return Math.sqrt(sum / (to - from));
};

describe('detrend', () => {
  it.each(golden.cases.map((c) => [c.input.length, c.lambda, c] as const))(
    'matches the dense smoothness-priors solution (n = %i, λ = %s)',
    (_n, lambda, c) => {
      const out = detrend(c.input, lambda);
      c.output.forEach((want, i) => expect(out[i]).toBeCloseTo(want, 9));
    },
  );

  it('removes a slow drift and keeps a pulse-rate sine', () => {
    const fs = 30;
    const n = 300;
    const pulse = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 1.2 * i) / fs));
    const drift = Float64Array.from(
      { length: n },
      (_, i) => 50 + 20 * (i / n) ** 2 + 5 * Math.sin((2 * Math.PI * 0.05 * i) / fs),
    );
    const out = detrend(
      pulse.map((v, i) => v + drift[i]!),
      detrendLambda(fs, 0.3),
    );
    const error = out.map((v, i) => v - pulse[i]!);
    expect(rms(error, 30, n - 30)).toBeLessThan(0.03);
  });

  it('halves a sine at the cutoff λ was chosen for', () => {
    const fs = 30;
    const n = 3000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 0.3 * i) / fs));
    const out = detrend(x, detrendLambda(fs, 0.3));
    expect(rms(out, 1000, 2000) / rms(x, 1000, 2000)).toBeCloseTo(0.5, 2);
  });

  it('leaves nothing of a straight line, and copes with n < 3', () => {
    const line = Float64Array.from({ length: 50 }, (_, i) => 3 + 0.5 * i);
    expect(rms(detrend(line, 100))).toBeLessThan(1e-9);
    expect(Array.from(detrend([4, 5], 10))).toEqual([0, 0]);
    expect(detrend([], 10)).toHaveLength(0);
  });

  it('rejects a cutoff outside (0, fs/2)', () => {
    expect(() => detrendLambda(30, 0)).toThrow(RangeError);
    expect(() => detrendLambda(30, 15)).toThrow(RangeError);
  });
});
