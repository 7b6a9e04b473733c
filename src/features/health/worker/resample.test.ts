import { describe, expect, it } from 'vitest';
import { resample } from './resample';
import { mulberry32 } from './synthetic';

const HZ = 1.3;
const wave = (ms: number) => Math.sin((2 * Math.PI * HZ * ms) / 1000);

/** 30 fps timestamps with ±jitter ms, optionally without frames first..last (inclusive). */
function jittered(seconds: number, jitterMs: number, drop?: [number, number]): number[] {
  const random = mulberry32(7);
  const times: number[] = [];
  for (let i = 0; i < seconds * 30; i += 1) {
    const t = 1000 + (i * 1000) / 30 + (random() * 2 - 1) * jitterMs;
    if (drop && i >= drop[0] && i <= drop[1]) continue;
    times.push(t);
  }
  return times;
}

function maxError(times: number[], rateHz: number, options = {}): number {
  const out = resample(times, times.map(wave), rateHz, options);
  let worst = 0;
  for (let k = 0; k < out.length; k += 1) {
    worst = Math.max(worst, Math.abs(out.values[k]! - wave(out.startMs + (k * 1000) / rateHz)));
  }
  return worst;
}

describe('resample', () => {
  it('reproduces a sine from ±5 ms jittered 30 fps timestamps', () => {
    // Linear interpolation of a 1.3 Hz sine at ~33 ms spacing is off by at most ~(ωh)²/8 ≈ 0.9 %.
    expect(maxError(jittered(10, 5), 30)).toBeLessThan(0.012);
  });

  it('bridges dropped frames with a straight line, without reporting them as a gap', () => {
    // One frame missing: the chord over ~67 ms is off by at most (ωh)²/8 ≈ 3.7 %.
    const one = jittered(10, 5, [100, 100]);
    expect(maxError(one, 30)).toBeLessThan(0.04);
    // Four missing (~167 ms): exact outside the hole, the chord error (≈ 23 %) inside it.
    const four = jittered(10, 5, [100, 103]);
    const out = resample(four, four.map(wave), 30);
    expect(out.gaps).toEqual([]);
    for (let k = 0; k < out.length; k += 1) {
      const ms = out.startMs + (k * 1000) / 30;
      const inHole = ms > 1000 + (99 * 1000) / 30 && ms < 1000 + (104 * 1000) / 30;
      expect(Math.abs(out.values[k]! - wave(ms))).toBeLessThan(inHole ? 0.25 : 0.012);
    }
  });

  it('reports a gap longer than maxGapMs', () => {
    const long = jittered(10, 5, [100, 129]); // 1 s missing
    const out = resample(long, long.map(wave), 30);
    expect(out.gaps).toHaveLength(1);
    expect(out.gaps[0]!.endMs - out.gaps[0]!.startMs).toBeGreaterThan(1000);
    expect(resample(long, long.map(wave), 30, { maxGapMs: 2000 }).gaps).toEqual([]);
  });

  it('puts samples on the grid from the first timestamp', () => {
    const out = resample([0, 100, 200], [0, 1, 2], 20);
    expect(out.startMs).toBe(0);
    expect(out.length).toBe(5);
    expect(Array.from(out.values)).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  it('drops duplicate, out-of-order and non-finite timestamps', () => {
    const out = resample([0, 100, 100, 50, Number.NaN, 200], [0, 1, 9, 9, 9, 2], 10);
    expect(out.dropped).toBe(3);
    expect(Array.from(out.values)).toEqual([0, 1, 2]);
  });

  it('keeps interleaved channels apart', () => {
    const out = resample([0, 100], [10, 20, 30, 20, 40, 60], 20);
    expect(out.channels).toBe(3);
    expect(Array.from(out.values)).toEqual([10, 20, 30, 15, 30, 45, 20, 40, 60]);
  });

  it('rejects values that do not split into the samples, and a bad rate', () => {
    expect(() => resample([0, 1], [1, 2, 3], 30)).toThrow(RangeError);
    expect(() => resample([0, 1], [1, 2], 0)).toThrow(RangeError);
  });

  it('returns nothing for no samples', () => {
    expect(resample([], [], 30).length).toBe(0);
  });
});
