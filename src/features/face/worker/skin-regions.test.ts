import { describe, expect, it } from 'vitest';
import canonical from '../../../../tests/fixtures/face/canonical-face.json';
import real from '../../../../tests/fixtures/face/faceid-mesh.json';
import { FACE_MESH_LANDMARKS } from '../shared/config';
import type { Box, Point, Point3 } from '../shared/types';
import { meshBox } from './mesh-crop';
import {
  BOX_SKIN_REGIONS,
  SKIN_REGION_LANDMARKS,
  boxSkinRegions,
  skinRegions,
  type SkinRegions,
} from './skin-regions';

const REGIONS = ['forehead', 'rightCheek', 'leftCheek'] as const satisfies readonly (keyof SkinRegions)[];

/** The canonical face at 20 px per unit (≈ a 310-px-wide face), centred at (300, 300). */
const SCALE = 20;
const toFrame = ([x, y, z]: readonly number[]): Point3 => [300 + SCALE * x!, 300 + SCALE * y!, SCALE * z!];
const CANONICAL = (canonical.landmarks as number[][]).map(toFrame);
const CANONICAL_BOX: Box = {
  x: 300 + SCALE * canonical.detectorBox.x,
  y: 300 + SCALE * canonical.detectorBox.y,
  width: SCALE * canonical.detectorBox.width,
  height: SCALE * canonical.detectorBox.height,
};
const REAL = real.upright.landmarks as Point3[];

/** Even-odd ray casting. */
function inside([px, py]: Point, polygon: readonly Point[]): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

/** Shoelace area; positive means clockwise on screen (y points down). */
function signedArea(polygon: readonly Point[]): number {
  return polygon.reduce((sum, [x, y], i) => {
    const [nx, ny] = polygon[(i + 1) % polygon.length]!;
    return sum + (x * ny - nx * y) / 2;
  }, 0);
}

/** True when no two non-adjacent edges cross. */
function isSimple(polygon: readonly Point[]): boolean {
  const side = (a: Point, b: Point, c: Point): number =>
    Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [polygon[i]!, polygon[(i + 1) % n]!, polygon[j]!, polygon[(j + 1) % n]!];
      if (side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0) return false;
    }
  }
  return true;
}

const ys = (points: readonly Point[]): number[] => points.map(([, y]) => y);
const xs = (points: readonly Point[]): number[] => points.map(([x]) => x);
const at = (mesh: readonly Point3[], ...indices: number[]): Point[] =>
  indices.map((i) => [mesh[i]![0], mesh[i]![1]]);

describe('SKIN_REGION_LANDMARKS', () => {
  it('names distinct landmarks of the 468-point mesh', () => {
    for (const region of REGIONS) {
      const indices = SKIN_REGION_LANDMARKS[region];
      expect(new Set(indices).size).toBe(indices.length);
      expect(indices.every((i) => Number.isInteger(i) && i >= 0 && i < FACE_MESH_LANDMARKS)).toBe(true);
    }
  });

  it('uses mirror-image landmarks for the two cheeks and a symmetric forehead', () => {
    const mirrored = ([x, y]: readonly number[]): number[] => [-x!, y!];
    const canon = canonical.landmarks as number[][];
    const right = SKIN_REGION_LANDMARKS.rightCheek.map((i) => mirrored(canon[i]!));
    const left = [...SKIN_REGION_LANDMARKS.leftCheek].reverse().map((i) => canon[i]!.slice(0, 2));
    expect(left).toEqual(right);
    const forehead = SKIN_REGION_LANDMARKS.forehead.map((i) => canon[i]!.slice(0, 2).join());
    for (const i of SKIN_REGION_LANDMARKS.forehead) expect(forehead).toContain(mirrored(canon[i]!).join());
  });
});

describe.each([
  ['the canonical face', CANONICAL],
  ['a real face (FaceMesh output)', REAL],
])('skinRegions on %s', (_name, mesh) => {
  const regions = skinRegions(mesh);
  const bounds = meshBox(mesh);

  it('outlines simple, clockwise polygons inside the face', () => {
    for (const region of REGIONS) {
      const polygon = regions[region];
      expect(polygon).toHaveLength(SKIN_REGION_LANDMARKS[region].length);
      expect(isSimple(polygon)).toBe(true);
      expect(signedArea(polygon)).toBeGreaterThan(0);
      for (const [x, y] of polygon) {
        expect(x).toBeGreaterThanOrEqual(bounds.x);
        expect(x).toBeLessThanOrEqual(bounds.x + bounds.width);
        expect(y).toBeGreaterThanOrEqual(bounds.y);
        expect(y).toBeLessThanOrEqual(bounds.y + bounds.height);
      }
    }
  });

  it('puts the forehead above the eyes and the cheeks between the eyes and the mouth corners', () => {
    const upperLids = at(mesh, 159, 386);
    const lowerLids = at(mesh, 145, 374);
    const mouthCorners = at(mesh, 61, 291);
    expect(Math.max(...ys(regions.forehead))).toBeLessThan(Math.min(...ys(upperLids)));
    for (const cheek of [regions.rightCheek, regions.leftCheek]) {
      expect(Math.min(...ys(cheek))).toBeGreaterThan(Math.max(...ys(lowerLids)));
      expect(Math.max(...ys(cheek))).toBeLessThan(Math.min(...ys(mouthCorners)));
    }
  });

  it('keeps the cheeks off the nose: the right one on the image left of the right nostril, the left one beyond the left', () => {
    const [rightAla, leftAla] = at(mesh, 98, 327);
    expect(Math.max(...xs(regions.rightCheek))).toBeLessThan(rightAla![0]);
    expect(Math.min(...xs(regions.leftCheek))).toBeGreaterThan(leftAla![0]);
  });

  it('returns the landmarks’ x, y in outline order', () => {
    expect(regions.forehead[1]).toEqual([mesh[10]![0], mesh[10]![1]]);
    expect(regions.rightCheek[0]).toEqual([mesh[116]![0], mesh[116]![1]]);
  });
});

describe('boxSkinRegions', () => {
  it('places the rectangles by the fractions of the detector box', () => {
    const regions = boxSkinRegions({ x: 100, y: 200, width: 200, height: 100 });
    const [x0, y0, x1, y1] = BOX_SKIN_REGIONS.forehead;
    expect(regions.forehead).toEqual([
      [100 + 200 * x0, 200 + 100 * y0],
      [100 + 200 * x1, 200 + 100 * y0],
      [100 + 200 * x1, 200 + 100 * y1],
      [100 + 200 * x0, 200 + 100 * y1],
    ]);
    expect(regions.forehead[0]![1]).toBeLessThan(200); // above the box: it starts at the brows
    for (const region of REGIONS) expect(signedArea(regions[region])).toBeGreaterThan(0);
    expect(Math.max(...xs(regions.rightCheek))).toBeLessThan(200);
    expect(Math.min(...xs(regions.leftCheek))).toBeGreaterThan(200);
  });

  it.each([
    ['the canonical face', CANONICAL, CANONICAL_BOX],
    ['a real face', REAL, real.upright.detection.box],
  ])('stays inside the mesh regions on %s', (_name, mesh, box) => {
    const fromMesh = skinRegions(mesh);
    const fromBox = boxSkinRegions(box);
    for (const region of REGIONS) {
      for (const corner of fromBox[region]) expect(inside(corner, fromMesh[region])).toBe(true);
    }
  });
});

describe('skinRegions input', () => {
  it('rejects a mesh with fewer than 468 points', () => {
    expect(() => skinRegions(CANONICAL.slice(0, 467))).toThrow(/468-point/);
  });
});
