/** Sharpness measure used by the snapshot tests: variance of the Laplacian of luma. */
import { describe, expect, it } from 'vitest';
import { grayscale, laplacianVariance } from '../media/laplacian';

const SIZE = 64;

function image(value: (x: number, y: number) => number): Uint8Array {
  const rgba = new Uint8Array(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const v = value(x, y);
      rgba.set([v, v, v, 255], (y * SIZE + x) * 4);
    }
  }
  return rgba;
}

const checkerboard = (cell: number) =>
  image((x, y) => ((Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 255 : 0));

/** Mean over a (2r+1)² window, clamped at the edges: what an out-of-focus lens does to edges. */
function boxBlur(rgba: Uint8Array, radius: number): Uint8Array {
  const gray = grayscale(rgba, SIZE, SIZE);
  return image((x, y) => {
    let sum = 0;
    let n = 0;
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        const sx = Math.min(SIZE - 1, Math.max(0, x + dx));
        const sy = Math.min(SIZE - 1, Math.max(0, y + dy));
        sum += gray[sy * SIZE + sx]!;
        n++;
      }
    }
    return Math.round(sum / n);
  });
}

describe('grayscale', () => {
  it('weights red, green and blue by BT.601 luma', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const gray = grayscale(rgba, 4, 1);
    expect(gray[0]).toBeCloseTo(76.245, 3);
    expect(gray[1]).toBeCloseTo(149.685, 3);
    expect(gray[2]).toBeCloseTo(29.07, 3);
    expect(gray[3]).toBeCloseTo(255, 3);
  });
});

describe('laplacianVariance', () => {
  it('is 0 for a flat image', () => {
    expect(
      laplacianVariance(
        image(() => 128),
        SIZE,
        SIZE,
      ),
    ).toBe(0);
  });

  it('is high for a sharp checkerboard and far lower once it is blurred', () => {
    const sharp = laplacianVariance(checkerboard(4), SIZE, SIZE);
    const blurred = laplacianVariance(boxBlur(checkerboard(4), 2), SIZE, SIZE);
    expect(sharp).toBeGreaterThan(10_000);
    expect(blurred).toBeLessThan(sharp / 10);
  });

  it('looks only inside the box', () => {
    // Left half checkerboard, right half flat.
    const half = image((x, y) =>
      x < SIZE / 2 ? ((Math.floor(x / 4) + Math.floor(y / 4)) % 2 ? 255 : 0) : 200,
    );
    expect(laplacianVariance(half, SIZE, SIZE, { x: SIZE / 2, y: 0, width: SIZE / 2, height: SIZE })).toBe(0);
    expect(
      laplacianVariance(half, SIZE, SIZE, { x: 0, y: 0, width: SIZE / 2, height: SIZE }),
    ).toBeGreaterThan(10_000);
  });

  it('rejects a box with no 3×3 neighbourhood inside the image', () => {
    expect(() =>
      laplacianVariance(checkerboard(4), SIZE, SIZE, { x: 10, y: 10, width: 2, height: 20 }),
    ).toThrow(RangeError);
    expect(() =>
      laplacianVariance(checkerboard(4), SIZE, SIZE, { x: SIZE, y: 0, width: 8, height: 8 }),
    ).toThrow(RangeError);
  });
});
