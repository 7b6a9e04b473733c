import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('keeps small counts in bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('uses SI units with sensible precision', () => {
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(41_000_000)).toBe('41.0 MB');
    expect(formatBytes(106_000_000)).toBe('106 MB');
    expect(formatBytes(2.5e12)).toBe('2.50 TB');
  });

  it('rejects values that are not byte counts', () => {
    expect(() => formatBytes(-1)).toThrow(RangeError);
    expect(() => formatBytes(Number.NaN)).toThrow(RangeError);
  });
});
