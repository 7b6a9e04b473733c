import { describe, expect, it } from 'vitest';
import { median, mostFrequent, summarise } from './measure';

describe('measurement summary', () => {
  it('takes the median value and the mean quality', () => {
    const readings = [70, 71, 72, 120, 71].map((value, i) => ({ t: i, value, quality: 0.6 + i * 0.05 }));
    expect(summarise(readings)).toEqual({ value: 71, quality: 0.7, readings: 5 });
  });

  it('refuses to summarise too few readings', () => {
    expect(summarise([{ t: 0, value: 70, quality: 1 }])).toBeNull();
  });

  it('medians even counts and names the most frequent reason', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mostFrequent(['motion', 'too-dark', 'motion'])).toBe('motion');
    expect(mostFrequent([])).toBeNull();
  });
});
