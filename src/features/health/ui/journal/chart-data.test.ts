import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../storage/journal-db';
import { timeRange, trendSeries, valueRange } from './chart-data';
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
