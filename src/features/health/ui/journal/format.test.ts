import { describe, expect, it } from 'vitest';
import { exportFileName, formatDuration, formatMethod, formatQuality } from './format';

describe('journal formatting', () => {
  it.each([
    [0, '0 s'],
    [45_500, '46 s'],
    [60_000, '1 min'],
    [65_000, '1 min 5 s'],
    [3_600_000, '1 h'],
    [3_780_000, '1 h 3 min'],
  ])('duration %d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows quality as a percentage and known methods in words', () => {
    expect(formatQuality(0.834)).toBe('83%');
    expect(formatQuality(1)).toBe('100%');
    expect(formatMethod('rppg-pos')).toBe('skin colour (rPPG)');
    expect(formatMethod('something-new')).toBe('something-new');
  });

  it('names an export by the local calendar day', () => {
    expect(exportFileName('csv', new Date(2025, 0, 4, 0, 5).getTime())).toBe(
      'offgrid-journal-2025-01-04.csv',
    );
    expect(exportFileName('json', new Date(2025, 11, 31, 23, 59).getTime())).toBe(
      'offgrid-journal-2025-12-31.json',
    );
  });
});
