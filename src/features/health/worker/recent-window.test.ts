import { describe, expect, it } from 'vitest';
import { recentWindow, type WindowConfig } from './recent-window';

const CONFIG: WindowConfig = { windowSeconds: 10, minSeconds: 5, maxGapMs: 1000, minFrameRateHz: 10 };

/** Samples every stepMs from fromMs up to and including toMs. */
const every = (stepMs: number, fromMs: number, toMs: number) =>
  Array.from({ length: Math.floor((toMs - fromMs) / stepMs) + 1 }, (_, i) => ({ t: fromMs + i * stepMs }));

describe('recentWindow', () => {
  it('takes only the newest windowSeconds', () => {
    const samples = every(50, 0, 20_000);
    expect(recentWindow(samples, CONFIG)).toEqual({ ok: true, start: 200, count: 201 });
  });

  it('starts after the newest gap longer than maxGapMs', () => {
    const samples = [...every(50, 0, 3000), ...every(50, 5000, 7000), ...every(50, 7500, 13_000)];
    const result = recentWindow(samples, CONFIG);
    expect(result).toEqual({ ok: true, start: 61, count: samples.length - 61 });
  });

  it.each([
    ['no samples', []],
    ['one sample', [{ t: 0 }]],
    ['less than minSeconds', every(50, 0, 4950)],
    ['less than minSeconds after a gap', [...every(50, 0, 9000), ...every(50, 10_500, 14_000)]],
  ])('is too short with %s', (_, samples) => {
    expect(recentWindow(samples, CONFIG)).toEqual({ ok: false, reason: 'too-short' });
  });

  it('refuses samples sparser than minFrameRateHz', () => {
    expect(recentWindow(every(200, 0, 10_000), CONFIG)).toEqual({ ok: false, reason: 'low-frame-rate' });
  });
});
