import { describe, expect, it } from 'vitest';
import golden from '../../../../tests/fixtures/health/pos.json';
import { pos } from './pos';

describe('pos', () => {
  it('matches Algorithm 1 of Wang et al. 2017 (numpy reference)', () => {
    const h = pos(golden.rgb, golden.fs, golden.windowSeconds);
    expect(h).toHaveLength(golden.h.length);
    golden.h.forEach((want, i) => expect(h[i]).toBeCloseTo(want, 5));
  });

  it('ignores the light level and the skin tone', () => {
    const scaled = golden.rgb.map((v, i) => v * [1.7, 1.3, 0.8][i % 3]!);
    const a = pos(golden.rgb, golden.fs);
    const b = pos(scaled, golden.fs);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
  });

  it('cancels a pure brightness flicker, which moves all channels together', () => {
    const n = 90;
    const rgb = new Float32Array(n * 3);
    for (let i = 0; i < n; i += 1) {
      const light = 1 + 0.1 * Math.sin(i / 3);
      rgb.set([170 * light, 120 * light, 90 * light], 3 * i);
    }
    for (const v of pos(rgb, 30)) expect(Math.abs(v)).toBeLessThan(1e-5);
  });

  it('returns zeros when there is less than one window, or a black window', () => {
    expect(Array.from(pos(new Float32Array(30), 30))).toEqual(new Array(10).fill(0));
    expect(Array.from(pos(new Float32Array(3 * 60), 30))).toEqual(new Array(60).fill(0));
  });
});
