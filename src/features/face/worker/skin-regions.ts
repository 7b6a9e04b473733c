/**
 * Patches of bare skin for the heart-rate feature (remote photoplethysmography averages their
 * colour over time): the forehead and both cheeks, away from eyes, brows, nose and mouth.
 *
 * Landmark indices follow MediaPipe's canonical face mesh topology (468 vertices,
 * mediapipe/modules/face_geometry/data/canonical_face_model.obj, the same order FaceMesh
 * outputs). "Right" is the subject's right, on the left of an unmirrored image.
 */
import { FACE_MESH_LANDMARKS } from '../shared/config';
import type { Box, Point, Point3 } from '../shared/types';

/** Polygons in the coordinates they were built from (frame pixels in the pipeline), each closed implicitly. */
export interface SkinRegions {
  forehead: Point[];
  leftCheek: Point[];
  rightCheek: Point[];
}

/**
 * Outlines, all clockwise on screen. Forehead: the hairline points 109-10-338 across the top,
 * down the sides (297-299, 67-69) to the tops of the brows (296, 66) and the glabella (9).
 * Cheeks: under the eye's lower orbit (116-119, 100), along the nose and the nasolabial fold
 * (142, 203, 206) and back up outside (207, 187, 147, 123); the left cheek mirrors the right.
 */
export const SKIN_REGION_LANDMARKS = {
  forehead: [109, 10, 338, 297, 299, 296, 336, 9, 107, 66, 69, 67],
  rightCheek: [116, 117, 118, 119, 100, 142, 203, 206, 207, 187, 147, 123],
  leftCheek: [352, 376, 411, 427, 426, 423, 371, 329, 348, 347, 346, 345],
} as const satisfies Record<keyof SkinRegions, readonly number[]>;

/**
 * Fallback rectangles as fractions of the detector box [x0, y0, x1, y1], for when there is no
 * mesh. The box of this BlazeFace (human-models blazeface-front) runs from the brows to the chin:
 * on a real frontal face the eyes sit ~20 % and the mouth ~63 % of the way down, and the
 * forehead lies entirely above the box, so its strip has negative y. Each rectangle stays inside
 * the matching mesh polygon on that face and on the canonical mesh (tests/fixtures/face); they
 * assume an upright, roughly frontal face.
 */
export const BOX_SKIN_REGIONS = {
  forehead: [0.36, -0.1, 0.64, -0.02],
  rightCheek: [0.13, 0.37, 0.28, 0.5],
  leftCheek: [0.72, 0.37, 0.87, 0.5],
} as const satisfies Record<keyof SkinRegions, readonly [number, number, number, number]>;

/** The forehead and cheek polygons of a 468-point face mesh, in the mesh's coordinates. */
export function skinRegions(landmarks: readonly (Point | Point3)[]): SkinRegions {
  if (landmarks.length < FACE_MESH_LANDMARKS) {
    throw new RangeError(
      `skinRegions: needs a ${FACE_MESH_LANDMARKS}-point face mesh, got ${landmarks.length} points.`,
    );
  }
  const outline = (indices: readonly number[]): Point[] =>
    indices.map((i) => {
      const [x, y] = landmarks[i]!;
      return [x, y];
    });
  return {
    forehead: outline(SKIN_REGION_LANDMARKS.forehead),
    leftCheek: outline(SKIN_REGION_LANDMARKS.leftCheek),
    rightCheek: outline(SKIN_REGION_LANDMARKS.rightCheek),
  };
}

/** Axis-aligned fallback regions around a detector box (no mesh): clockwise rectangles, not clipped to the frame. */
export function boxSkinRegions(box: Box): SkinRegions {
  const rect = ([x0, y0, x1, y1]: readonly [number, number, number, number]): Point[] => {
    const left = box.x + x0 * box.width;
    const right = box.x + x1 * box.width;
    const top = box.y + y0 * box.height;
    const bottom = box.y + y1 * box.height;
    return [
      [left, top],
      [right, top],
      [right, bottom],
      [left, bottom],
    ];
  };
  return {
    forehead: rect(BOX_SKIN_REGIONS.forehead),
    leftCheek: rect(BOX_SKIN_REGIONS.leftCheek),
    rightCheek: rect(BOX_SKIN_REGIONS.rightCheek),
  };
}
