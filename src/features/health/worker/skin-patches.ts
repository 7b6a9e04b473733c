/**
 * Many small skin patches instead of three large regions: each gives its own pulse signal, so
 * a patch that slides over a brow, a hairline or a shadow spoils only its own vote (pyVHR
 * averages small landmark patches in the same spirit). Each patch is its region's outline
 * shrunk to PATCH_SCALE: one about the region's centroid and one moved halfway from it
 * towards every other outline point, so patch k is the same bit of skin from one mesh to the
 * next. Every point of such a patch is a convex combination of the region's own points
 * (0.5·vertex + PATCH_SCALE·point + the rest·centroid), so on a convex region it stays inside.
 */
import type { Point } from '../../face/shared/types';
import { applySimilarity, type Rect, type Similarity } from './face-track';

/** A patch is its region's outline scaled by this (0.16 of its area). */
export const PATCH_SCALE = 0.4;
/** How far from the centroid towards an outline point a patch centre sits (0 centroid, 1 outline). */
export const PATCH_REACH = 0.5;

/** Area and centroid of a simple polygon (shoelace). */
function areaCentroid(polygon: readonly Point[]): { area: number; centroid: Point } {
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    const cross = xj * yi - xi * yj;
    area += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  area /= 2;
  if (Math.abs(area) < 1e-9) {
    const mean = polygon.reduce<Point>(
      (s, [x, y]) => [s[0] + x / polygon.length, s[1] + y / polygon.length],
      [0, 0],
    );
    return { area: 0, centroid: mean };
  }
  return { area: Math.abs(area), centroid: [cx / (6 * area), cy / (6 * area)] };
}

/** The region's outline scaled by PATCH_SCALE about its centroid, then moved to `at`. */
function shrunk(region: readonly Point[], centroid: Point, at: Point): Point[] {
  return region.map(([x, y]) => [
    at[0] + PATCH_SCALE * (x - centroid[0]),
    at[1] + PATCH_SCALE * (y - centroid[1]),
  ]);
}

/**
 * Patches inside each region: about its centroid and halfway to every other outline point.
 * The count depends only on the outlines' lengths, so the same regions always give the same
 * patches in the same order.
 */
export function skinPatches(regions: readonly (readonly Point[])[]): Point[][] {
  const patches: Point[][] = [];
  for (const region of regions) {
    if (region.length < 3) continue;
    const { area, centroid } = areaCentroid(region);
    if (area === 0) continue;
    patches.push(shrunk(region, centroid, centroid));
    for (let i = 0; i < region.length; i += 2) {
      const [x, y] = region[i]!;
      patches.push(
        shrunk(region, centroid, [
          centroid[0] + PATCH_REACH * (x - centroid[0]),
          centroid[1] + PATCH_REACH * (y - centroid[1]),
        ]),
      );
    }
  }
  return patches;
}

/** The bounding rectangle of some polygons. */
export function boundsOf(polygons: readonly (readonly Point[])[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const polygon of polygons) {
    for (const [x, y] of polygon) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return { x0, y0, x1, y1 };
}

/** Polygons moved by a tracked similarity about `centre`. */
export function movePatches(
  patches: readonly (readonly Point[])[],
  t: Similarity,
  centre: readonly [number, number],
): Point[][] {
  return patches.map((patch) => patch.map((point) => applySimilarity(t, centre, point)));
}
