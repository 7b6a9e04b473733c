import { describe, expect, it } from 'vitest';
import type { Point } from '../../face/shared/types';
import type { FrameBytes } from '../../face/worker/frame-bytes';
import { frameBytes, rgbaBytes } from '../../face/worker/frame-fixtures';
import { regionColour, scanPolygon } from './region-colour';

const rgbaFrame = (width: number, height: number, colour: (x: number, y: number) => number[]): FrameBytes =>
  rgbaBytes(width, height, colour);

/** A limited-range BT.601 I420 frame of one RGB colour (the inverse of the reader's matrix). */
function i420Frame(width: number, height: number, [r, g, b]: number[]): FrameBytes {
  const y = 16 + (219 / 255) * (0.299 * r! + 0.587 * g! + 0.114 * b!);
  const u = 128 + (224 / 255) * ((b! - (0.299 * r! + 0.587 * g! + 0.114 * b!)) / 1.772);
  const v = 128 + (224 / 255) * ((r! - (0.299 * r! + 0.587 * g! + 0.114 * b!)) / 1.402);
  return frameBytes('I420', width, height, (plane) => Math.round([y, u, v][plane]!));
}

const square = (x0: number, y0: number, x1: number, y1: number): Point[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

describe('scanPolygon', () => {
  it('covers exactly the pixels whose centres are inside', () => {
    let count = 0;
    scanPolygon(square(2, 3, 6, 5), 10, 10, (_y, x0, x1) => (count += x1 - x0 + 1));
    expect(count).toBe(4 * 2);
  });

  it('counts a triangle close to its area and clips to the frame', () => {
    let count = 0;
    scanPolygon(
      [
        [0, 0],
        [100, 0],
        [0, 100],
      ],
      100,
      100,
      (_y, x0, x1) => (count += x1 - x0 + 1),
    );
    expect(Math.abs(count - 5000)).toBeLessThan(100);
    let clipped = 0;
    scanPolygon(square(-20, -20, 5, 5), 10, 10, (_y, x0, x1) => (clipped += x1 - x0 + 1));
    expect(clipped).toBe(25);
  });

  it('handles concave outlines (two spans on a row)', () => {
    const u: Point[] = [
      [0, 0],
      [3, 0],
      [3, 2],
      [6, 2],
      [6, 0],
      [9, 0],
      [9, 4],
      [0, 4],
    ];
    const rows = new Map<number, number>();
    scanPolygon(u, 20, 20, (y, x0, x1) => rows.set(y, (rows.get(y) ?? 0) + x1 - x0 + 1));
    expect(rows.get(0)).toBe(6);
    expect(rows.get(3)).toBe(9);
  });
});

describe('regionColour', () => {
  it('averages only the pixels inside the polygons (RGBA)', () => {
    const frame = rgbaFrame(20, 20, (x) => (x < 10 ? [200, 100, 50] : [0, 0, 0]));
    const inside = regionColour(frame, [square(1, 1, 9, 9), square(2, 12, 8, 18)])!;
    expect(inside).toEqual({ r: 200, g: 100, b: 50, pixels: 64 + 36 });
    const half = regionColour(frame, [square(5, 0, 15, 10)])!;
    expect(half.r).toBeCloseTo(100, 5);
  });

  it('swaps channels for BGRA', () => {
    const frame = { ...rgbaFrame(4, 4, () => [10, 20, 30]), format: 'BGRA' as const };
    expect(regionColour(frame, [square(0, 0, 4, 4)])).toMatchObject({ r: 30, g: 20, b: 10 });
  });

  it('converts I420 means back to the RGB they encode', () => {
    const colour = [180, 120, 90];
    const got = regionColour(i420Frame(16, 16, colour), [square(2, 2, 14, 14)])!;
    expect(got.pixels).toBe(144);
    for (const [i, channel] of (['r', 'g', 'b'] as const).entries())
      expect(Math.abs(got[channel] - colour[i]!)).toBeLessThan(1.5);
  });

  it('sees a sub-level brightness change through the mean (dithered by noise)', () => {
    const base = rgbaFrame(64, 64, (x, y) => [128 + ((x * 7 + y * 13) % 3) - 1, 128, 128]);
    const brighter = rgbaFrame(64, 64, (x, y) => [
      128 + ((x * 7 + y * 13 + 1) % 3) - 1 + (x % 4 === 0 ? 1 : 0),
      128,
      128,
    ]);
    const a = regionColour(base, [square(0, 0, 64, 64)])!;
    const b = regionColour(brighter, [square(0, 0, 64, 64)])!;
    expect(b.r - a.r).toBeCloseTo(0.25, 1);
  });

  it('returns null when no pixel is covered', () => {
    expect(
      regionColour(
        rgbaFrame(8, 8, () => [1, 2, 3]),
        [square(20, 20, 30, 30)],
      ),
    ).toBeNull();
    expect(
      regionColour(
        rgbaFrame(8, 8, () => [1, 2, 3]),
        [],
      ),
    ).toBeNull();
  });
});
