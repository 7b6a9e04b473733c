/**
 * FaceMesh's input crop and the way back, as MediaPipe's face_detection_front_detection_to_roi
 * graph builds it (DetectionsToRectsCalculator with keypoints 0 → 1, then RectTransformation
 * scale 1.5, square_long) and as LandmarkProjectionCalculator maps landmarks back.
 *
 * Angles are radians in frame pixels, whose y axis points down: a positive angle turns clockwise
 * on screen, like MediaPipe's NormalizedRect.rotation. Rotating the crop by the eye-line angle
 * makes the eyes level inside it.
 */
import { FACE_MESH_CROP_SCALE, FACE_MESH_LANDMARKS } from '../shared/config';
import { AppError } from '../../../shared/errors';
import type { Box, FaceDetection, Point, Point3 } from '../shared/types';
import { sigmoid } from './decode';

/** A square, rotated crop of the frame: centre and side in frame pixels, angle in radians (clockwise). */
export interface MeshCrop {
  centerX: number;
  centerY: number;
  size: number;
  angle: number;
}

/** 2D affine in canvas `setTransform(a, b, c, d, e, f)` order: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type AffineMatrix = [a: number, b: number, c: number, d: number, e: number, f: number];

const TWO_PI = 2 * Math.PI;

/** Wraps an angle into [-π, π), as MediaPipe's NormalizeRadians. */
export function normalizeRadians(angle: number): number {
  return angle - TWO_PI * Math.floor((angle + Math.PI) / TWO_PI);
}

/**
 * The crop FaceMesh wants for a detection in frame pixels: centred on the box, side = the box's
 * longer side × scale, turned by the angle of the line from keypoint 0 (right eye, image left) to
 * keypoint 1 (left eye). MediaPipe: rotation = target(0) − atan2(−(y1 − y0), x1 − x0), which in
 * y-down pixels is atan2(y1 − y0, x1 − x0): positive when the face tilts clockwise.
 */
export function meshCrop(face: FaceDetection, scale: number = FACE_MESH_CROP_SCALE): MeshCrop {
  const { box, keypoints } = face;
  const [x0, y0] = keypoints[0] ?? [0, 0];
  const [x1, y1] = keypoints[1] ?? [1, 0];
  return {
    centerX: box.x + box.width / 2,
    centerY: box.y + box.height / 2,
    size: Math.max(box.width, box.height) * scale,
    angle: normalizeRadians(-Math.atan2(-(y1 - y0), x1 - x0)),
  };
}

/** Maps crop pixels (0..inputSize, the model's input) to frame pixels. */
export function cropToFrameMatrix(crop: MeshCrop, inputSize: number): AffineMatrix {
  const s = crop.size / inputSize;
  const cos = Math.cos(crop.angle) * s;
  const sin = Math.sin(crop.angle) * s;
  const half = inputSize / 2;
  // frame = centre + R(angle) · s · (crop − half), R = [[cos, −sin], [sin, cos]].
  return [cos, sin, -sin, cos, crop.centerX - (cos - sin) * half, crop.centerY - (sin + cos) * half];
}

/** Inverse of an affine matrix; throws if it is singular. */
export function invertAffine([a, b, c, d, e, f]: AffineMatrix): AffineMatrix {
  const det = a * d - b * c;
  if (det === 0 || !Number.isFinite(det)) throw new RangeError('invertAffine: the matrix is singular.');
  const ia = d / det;
  const ib = -b / det;
  const ic = -c / det;
  const id = a / det;
  return [ia, ib, ic, id, -(ia * e + ic * f), -(ib * e + id * f)];
}

/**
 * Maps frame pixels to crop pixels: `ctx.setTransform(...frameToCropMatrix(crop, 192))` then
 * `ctx.drawImage(frame, 0, 0)` on a 192² OffscreenCanvas draws FaceMesh's input.
 */
export function frameToCropMatrix(crop: MeshCrop, inputSize: number): AffineMatrix {
  return invertAffine(cropToFrameMatrix(crop, inputSize));
}

/** Applies an affine matrix to one point. */
export function applyAffine([a, b, c, d, e, f]: AffineMatrix, x: number, y: number): Point {
  return [a * x + c * y + e, b * x + d * y + f];
}

/**
 * FaceMesh output_mesh [1, 1404] (468 × x, y, z in crop pixels) → frame pixels. z is relative
 * depth on the x scale, so it is scaled like x (LandmarkProjectionCalculator does the same).
 */
export function projectMesh(raw: Float32Array, crop: MeshCrop, inputSize: number): Point3[] {
  if (raw.length < FACE_MESH_LANDMARKS * 3) {
    throw new AppError(
      'worker/failed',
      `The face mesh model returned ${raw.length} values; ${FACE_MESH_LANDMARKS * 3} (468 landmarks × x, y, z) were expected.`,
    );
  }
  const m = cropToFrameMatrix(crop, inputSize);
  const zScale = crop.size / inputSize;
  const landmarks: Point3[] = [];
  for (let i = 0; i < FACE_MESH_LANDMARKS; i++) {
    const [x, y] = applyAffine(m, raw[i * 3]!, raw[i * 3 + 1]!);
    landmarks.push([x, y, raw[i * 3 + 2]! * zScale]);
  }
  return landmarks;
}

/** Axis-aligned bounds of a set of landmarks (the next frame's face box when tracking). */
export function meshBox(landmarks: readonly (Point | Point3)[]): Box {
  if (landmarks.length === 0) throw new RangeError('meshBox: no landmarks.');
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (const [x, y] of landmarks) {
    xMin = Math.min(xMin, x);
    yMin = Math.min(yMin, y);
    xMax = Math.max(xMax, x);
    yMax = Math.max(yMax, y);
  }
  return { x: xMin, y: yMin, width: xMax - xMin, height: yMax - yMin };
}

/**
 * FaceMesh's face-presence score (output_faceflag [1, 1]) as 0..1. The human-models graph
 * (facemesh.json, 3.0.4) already ends in a Sigmoid (model_1/activation_1), so values in 0..1 are
 * taken as probabilities; anything outside 0..1 can only be a logit (a conversion that kept the
 * raw conv_faceflag), and gets the sigmoid. NaN counts as "no face".
 */
export function faceFlagScore(raw: number): number {
  if (Number.isNaN(raw)) return 0;
  return raw >= 0 && raw <= 1 ? raw : sigmoid(raw);
}
