import { describe, expect, it } from 'vitest';
import { iou } from './box';
import type { Box } from './types';

const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });

describe('iou', () => {
  it('is 1 for identical boxes and symmetric', () => {
    expect(iou(box(1, 2, 3, 4), box(1, 2, 3, 4))).toBe(1);
    const a = box(0, 0, 4, 4);
    const b = box(1, 2, 4, 3);
    expect(iou(a, b)).toBe(iou(b, a));
  });

  it('divides the intersection by the union', () => {
    expect(iou(box(0, 0, 4, 4), box(2, 0, 4, 4))).toBe(8 / 24);
    expect(iou(box(0.1, 0.1, 0.4, 0.4), box(0.14, 0.12, 0.5, 0.45))).toBeCloseTo(0.1368 / 0.2482, 12);
    expect(iou(box(0, 0, 10, 10), box(2, 2, 2, 2))).toBe(4 / 100);
  });

  it('is 0 for disjoint, touching or empty boxes', () => {
    expect(iou(box(0, 0, 1, 1), box(5, 5, 1, 1))).toBe(0);
    expect(iou(box(0, 0, 1, 1), box(1, 0, 1, 1))).toBe(0);
    expect(iou(box(0, 0, 0, 0), box(0, 0, 0, 0))).toBe(0);
  });

  it('is 0, never negative, for boxes apart along one axis only', () => {
    expect(iou(box(0, 0, 1, 1), box(5, 0, 1, 1))).toBe(0);
    expect(iou(box(0, 0, 1, 1), box(0, 5, 1, 1))).toBe(0);
    expect(iou(box(0, 0, 4, 4), box(-6, 1, 2, 2))).toBe(0);
  });

  it('is 0 for a box with no numbers (a failed detection)', () => {
    expect(iou(box(Number.NaN, 0, 1, 1), box(0, 0, 1, 1))).toBe(0);
  });
});
