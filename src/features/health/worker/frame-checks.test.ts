import { describe, expect, it } from 'vitest';
import { luminance } from './frame-checks';

describe('luminance', () => {
  it('weights green most and keeps grey grey', () => {
    expect(luminance(100, 100, 100)).toBeCloseTo(100, 10);
    expect(luminance(0, 100, 0)).toBeGreaterThan(luminance(100, 0, 0));
    expect(luminance(100, 0, 0)).toBeGreaterThan(luminance(0, 0, 100));
  });
});
