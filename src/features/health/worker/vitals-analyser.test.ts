import { describe, expect, it } from 'vitest';
import type { FrameBytes } from '../../face/worker/frame-bytes';
import { rgbaBytes } from '../../face/worker/frame-fixtures';
import type { Point } from '../../face/shared/types';
import { patchColours } from './vitals-analyser';

/** A 20×10 RGBA frame: red rises with x, green with y, blue is 50. */
const frame = (): FrameBytes => rgbaBytes(20, 10, (x, y) => [10 * x, 20 * y, 50]);

const square = (x: number, y: number, side: number): Point[] => [
  [x, y],
  [x + side, y],
  [x + side, y + side],
  [x, y + side],
];

describe('patchColours', () => {
  it('gives each patch its own mean colour, and NaN to a patch outside the frame', () => {
    const rgb = patchColours(frame(), [square(0, 0, 2), square(10, 4, 2), square(40, 40, 2)]);
    // Pixels 0..1 × 0..1: red mean 5, green mean 10.
    expect(Array.from(rgb.subarray(0, 3))).toEqual([5, 10, 50]);
    // Pixels 10..11 × 4..5: red 105, green 90.
    expect(Array.from(rgb.subarray(3, 6))).toEqual([105, 90, 50]);
    expect(rgb.subarray(6, 9).every(Number.isNaN)).toBe(true);
  });
});
