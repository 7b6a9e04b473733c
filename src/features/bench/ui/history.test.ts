import { describe, expect, it } from 'vitest';
import type { DeviceResult, ResultRow } from '../shared/device-result';
import { summarize } from '../shared/stats';
import { metricHistories, timeRange } from './HistoryChart';

const row = (metric: string, backend: string, median: number): ResultRow => ({
  metric,
  backend,
  unit: 'ms',
  lowerIsBetter: true,
  summary: summarize([median]),
});

const run = (date: string, rows: ResultRow[]): DeviceResult => ({
  suite: 'face',
  date,
  quick: false,
  rows,
  ratios: [],
  notes: [],
  device: { userAgent: 'test', cores: 2 },
});

describe('metricHistories', () => {
  it('makes one series per backend, oldest run first, with gaps where a run skipped a backend', () => {
    const newestFirst = [
      run('2026-12-03T00:00:00Z', [row('model', 'wasm', 5), row('model', 'webgl', 80)]),
      run('2026-12-02T00:00:00Z', [row('other', 'wasm', 1)]),
      run('2026-12-01T00:00:00Z', [row('model', 'wasm', 6)]),
    ];
    const [model, other] = metricHistories(newestFirst);
    expect(model!.metric).toBe('model');
    expect(model!.x).toEqual([
      Date.parse('2026-12-01T00:00:00Z') / 1000,
      Date.parse('2026-12-03T00:00:00Z') / 1000,
    ]);
    expect(model!.series).toEqual([
      { backend: 'wasm', values: [6, 5] },
      { backend: 'webgl', values: [null, 80] },
    ]);
    expect(other!.series).toEqual([{ backend: 'wasm', values: [1] }]);
  });
});

describe('timeRange', () => {
  it('gives a single run an hour either side, and a long span 5% of room', () => {
    expect(timeRange([1000])).toEqual([1000 - 3600, 1000 + 3600]);
    expect(timeRange([0, 100_000])).toEqual([-5000, 105_000]);
  });
});
