import { describe, expect, it } from 'vitest';
import type { RgbSample } from '../shared/types';
import { exposure, findSteadyStart, luminance } from './frame-checks';

const frames = (levels: number[], stepMs = 33): RgbSample[] =>
  levels.map((y, i) => ({ t: i * stepMs, r: y, g: y, b: y }));

describe('luminance', () => {
  it('weights green most and keeps grey grey', () => {
    expect(luminance(100, 100, 100)).toBeCloseTo(100, 10);
    expect(luminance(0, 100, 0)).toBeGreaterThan(luminance(100, 0, 0));
    expect(luminance(100, 0, 0)).toBeGreaterThan(luminance(0, 0, 100));
  });
});

describe('findSteadyStart', () => {
  it('reaches back to `from` when brightness only creeps', () => {
    const creeping = frames(Array.from({ length: 50 }, (_, i) => 100 + 0.5 * i));
    expect(findSteadyStart(creeping, 5, 0.03, 500)).toEqual({ start: 5, cause: null });
  });

  it('starts after the newest jump in brightness', () => {
    const levels = Array.from({ length: 50 }, (_, i) => (i < 10 ? 100 : i < 30 ? 110 : 100));
    expect(findSteadyStart(frames(levels), 0, 0.03, 500)).toEqual({ start: 30, cause: 'motion' });
  });

  it('starts after the newest gap in time', () => {
    const samples = frames(new Array(40).fill(100));
    for (let i = 25; i < 40; i += 1) samples[i]!.t += 800;
    expect(findSteadyStart(samples, 0, 0.03, 500)).toEqual({ start: 25, cause: 'gap' });
  });
});

describe('exposure', () => {
  it('averages luminance and reports the brightest channel', () => {
    const samples: RgbSample[] = [
      { t: 0, r: 200, g: 100, b: 50 },
      { t: 33, r: 220, g: 120, b: 70 },
    ];
    const e = exposure(samples, 0);
    expect(e.maxChannelMean).toBeCloseTo(210, 10);
    expect(e.meanLuminance).toBeCloseTo(luminance(210, 110, 60), 10);
    expect(exposure(samples, 2)).toEqual({ meanLuminance: 0, maxChannelMean: 0 });
  });
});
