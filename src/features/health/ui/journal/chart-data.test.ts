import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../storage/journal-schema';
import { MAX_DRAWN_POINTS, drawnPoints, timeRange, trendSeries, valueRange } from './chart-data';
import { withAlpha } from '../../../../app/components/chart-theme';

const T0 = Date.UTC(2025, 0, 1);

function entry(id: string, kind: JournalEntry['kind'], value: number, start: number): JournalEntry {
  const unit = kind === 'heart-rate' ? 'bpm' : kind === 'breathing-rate' ? 'breaths/min' : 'reps';
  return { id, kind, value, unit, quality: 1, start, durationMs: 1000, source: 'camera' };
}

describe('trendSeries', () => {
  it('gives one series per kind present, oldest first, in seconds, in the fixed kind order', () => {
    const series = trendSeries([
      entry('c', 'reps-squat', 12, T0 + 3000),
      entry('b', 'heart-rate', 80, T0 + 2000),
      entry('a', 'heart-rate', 60, T0 + 1000),
    ]);
    expect(series).toEqual([
      {
        kind: 'heart-rate',
        unit: 'bpm',
        x: [T0 / 1000 + 1, T0 / 1000 + 2],
        values: [60, 80],
        min: 60,
        max: 80,
      },
      { kind: 'reps-squat', unit: 'reps', x: [T0 / 1000 + 3], values: [12], min: 12, max: 12 },
    ]);
  });

  it('has nothing to chart for an empty journal', () => {
    expect(trendSeries([])).toEqual([]);
  });

  it('handles a long journal', () => {
    const many = Array.from({ length: 200_000 }, (_, i) =>
      entry(String(i), 'heart-rate', 50 + (i % 50), T0 + i),
    );
    const [series] = trendSeries(many);
    expect(series).toMatchObject({ min: 50, max: 99 });
    expect(series!.x).toHaveLength(200_000);
  });
});

describe('axis ranges', () => {
  it('give the time span room at both ends, and a single point a day around it', () => {
    expect(timeRange(1000, 2000)).toEqual([960, 2040]);
    expect(timeRange(100_000, 100_000)).toEqual([56_800, 143_200]);
  });

  it('give the values room above and below, never below zero', () => {
    expect(valueRange(60, 80)).toEqual([57, 83]);
    expect(valueRange(20, 20)).toEqual([18, 22]);
    expect(valueRange(0, 0)).toEqual([0, 1]);
    expect(valueRange(1, 10)).toEqual([0, 11.35]);
  });
});

describe('withAlpha', () => {
  it('makes a hex colour translucent and leaves other syntaxes alone', () => {
    expect(withAlpha('#0b7553', 0.5)).toBe('rgba(11, 117, 83, 0.5)');
    expect(withAlpha('#fff', 0.1)).toBe('rgba(255, 255, 255, 0.1)');
    expect(withAlpha('rgb(1 2 3)', 0.1)).toBeUndefined();
  });
});

describe('drawnPoints', () => {
  const many = (n: number) => {
    const x = Array.from({ length: n }, (_, i) => 1_700_000_000 + i * 60);
    const values = x.map((_, i) => 70 + 20 * Math.sin(i / 50) + (i % 7));
    return { x, values };
  };

  it('draws every point of a short series', () => {
    const series = many(MAX_DRAWN_POINTS);
    expect(drawnPoints(series)).toEqual(series);
  });

  it('thins a long series to at most the limit, keeping the ends and the extremes in time order', () => {
    const series = many(31_789);
    series.values[12_345] = 239;
    series.values[23_456] = 31;
    const drawn = drawnPoints(series);
    expect(drawn.x.length).toBeLessThanOrEqual(MAX_DRAWN_POINTS);
    expect(drawn.x.length).toBeGreaterThan(MAX_DRAWN_POINTS / 2);
    expect(drawn.x[0]).toBe(series.x[0]);
    expect(drawn.x.at(-1)).toBe(series.x.at(-1));
    expect(drawn.values.at(-1)).toBe(series.values.at(-1));
    expect(Math.max(...drawn.values)).toBe(239);
    expect(Math.min(...drawn.values)).toBe(31);
    expect(drawn.x).toEqual([...drawn.x].sort((a, b) => a - b));
    expect(new Set(drawn.x).size).toBe(drawn.x.length);
    // Every drawn point is an entry of the series.
    for (const [i, x] of drawn.x.entries()) expect(series.values[series.x.indexOf(x)]).toBe(drawn.values[i]);
  });

  it('keeps the lowest and highest of each time slice', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const values = [5, 1, 9, 4, 3, 8, 2, 7, 6, 5];
    // Six points: the ends, and two slices' lowest and highest, in time order.
    expect(drawnPoints({ x, values }, 6)).toEqual({ x: [0, 1, 2, 5, 6, 9], values: [5, 1, 9, 8, 2, 5] });
  });
});
