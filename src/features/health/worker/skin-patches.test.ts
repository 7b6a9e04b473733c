import { describe, expect, it } from 'vitest';
import type { Point } from '../../face/shared/types';
import { scanPolygon } from './region-colour';
import { boundsOf, movePatches, PATCH_SCALE, skinPatches } from './skin-patches';

/** A 12-point outline of an ellipse, as the mesh's forehead outline. */
function ellipse(cx: number, cy: number, rx: number, ry: number, points = 12): Point[] {
  return Array.from({ length: points }, (_, i) => {
    const a = (2 * Math.PI * i) / points;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as Point;
  });
}

function inside(polygon: readonly Point[], [x, y]: Point): boolean {
  let hits = 0;
  scanPolygon(polygon, 1000, 1000, (row, x0, x1) => {
    if (row === Math.floor(y) && Math.floor(x) >= x0 && Math.floor(x) <= x1) hits += 1;
  });
  return hits > 0;
}

describe('skinPatches', () => {
  it('places a shrunk copy of the region at its centroid and towards every other outline point, all inside', () => {
    const region = ellipse(200, 100, 60, 30);
    const patches = skinPatches([region]);
    expect(patches).toHaveLength(1 + 6);
    for (const patch of patches) {
      expect(patch).toHaveLength(region.length);
      for (const corner of patch) expect(inside(region, corner)).toBe(true);
      const width = Math.max(...patch.map(([x]) => x)) - Math.min(...patch.map(([x]) => x));
      expect(width).toBeCloseTo(PATCH_SCALE * 120, 6);
    }
    const [cx, cy] = patches[0]!.reduce((s, [x, y]) => [s[0] + x / 12, s[1] + y / 12], [0, 0]);
    expect(cx).toBeCloseTo(200, 6);
    expect(cy).toBeCloseTo(100, 6);
  });

  it('gives the same patches in the same order for the same outlines, and none for a degenerate one', () => {
    const regions = [
      ellipse(200, 100, 60, 30),
      ellipse(150, 200, 20, 20),
      [
        [0, 0],
        [1, 1],
      ] as Point[],
    ];
    expect(skinPatches(regions)).toEqual(skinPatches(regions));
    expect(skinPatches(regions)).toHaveLength(14);
  });

  it('moves patches by a shift and a scale about a centre', () => {
    const moved = movePatches(
      [
        [
          [10, 10],
          [20, 10],
          [20, 20],
        ],
      ],
      { dx: 1, dy: -2, scale: 2 },
      [10, 10],
    );
    expect(moved).toEqual([
      [
        [11, 8],
        [31, 8],
        [31, 28],
      ],
    ]);
    expect(boundsOf(moved)).toEqual({ x0: 11, y0: 8, x1: 31, y1: 28 });
  });
});
