import { describe, expect, it } from 'vitest';
import { quantile, summarize } from './stats';

describe('summarize', () => {
  it('gives the median and spread of unsorted runs', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ median: 3, p10: 1.4, p90: 4.6, min: 1, max: 5, runs: 5 });
  });

  it('interpolates the median of an even count', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('says NaN, not zero, when nothing ran', () => {
    expect(summarize([]).median).toBeNaN();
  });
});
