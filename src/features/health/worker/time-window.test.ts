import { describe, expect, it } from 'vitest';
import { firstIndexFrom } from './time-window';

const at = (...times: number[]) => times.map((t) => ({ t }));

describe('firstIndexFrom', () => {
  const samples = at(0, 100, 200, 200, 300, 400);

  it('finds the first sample at or after the time, for every time in and around the range', () => {
    for (let t = -50; t <= 450; t += 25) {
      const expected = samples.findIndex((s) => s.t >= t);
      expect(firstIndexFrom(samples, t), `t = ${t}`).toBe(expected < 0 ? samples.length : expected);
    }
  });

  it('returns the first of equal times', () => {
    expect(firstIndexFrom(samples, 200)).toBe(2);
  });

  it('returns 0 for an empty list and the length past the end', () => {
    expect(firstIndexFrom([], 10)).toBe(0);
    expect(firstIndexFrom(samples, 401)).toBe(6);
    expect(firstIndexFrom(at(5), 5)).toBe(0);
    expect(firstIndexFrom(at(5), 6)).toBe(1);
  });

  it('agrees with a linear scan on a long uneven series', () => {
    const long = at(...Array.from({ length: 1000 }, (_, i) => i * 33 + (i % 7)));
    for (const t of [-1, 0, 1, 32, 33, 5000, 16_500, 32_999, 33_000, 40_000]) {
      const expected = long.findIndex((s) => s.t >= t);
      expect(firstIndexFrom(long, t)).toBe(expected < 0 ? long.length : expected);
    }
  });
});
