/**
 * Joint angles and proportions from MoveNet keypoints (17, COCO order, frame pixels). Each
 * measure uses only keypoints at or above minScore and returns null when too few are left.
 */
import { KEYPOINT_INDEX as K, type Keypoint } from '../shared/types';

const DEGREES = 180 / Math.PI;

/** The angle a–b–c at b, in degrees (0..180); NaN when a or c sits on b. */
export function jointAngle(a: Keypoint, b: Keypoint, c: Keypoint): number {
  const ux = a.x - b.x;
  const uy = a.y - b.y;
  const vx = c.x - b.x;
  const vy = c.y - b.y;
  const norms = Math.hypot(ux, uy) * Math.hypot(vx, vy);
  if (norms === 0) return Number.NaN;
  return Math.acos(Math.min(1, Math.max(-1, (ux * vx + uy * vy) / norms))) * DEGREES;
}

function confident(keypoints: readonly Keypoint[], index: number, minScore: number): Keypoint | null {
  const k = keypoints[index];
  return k && k.score >= minScore && Number.isFinite(k.x) && Number.isFinite(k.y) ? k : null;
}

/** Mean angle at the middle keypoint over the sides whose keypoints are all confident, or null. */
function meanSideAngle(
  keypoints: readonly Keypoint[],
  minScore: number,
  sides: readonly (readonly [end: number, joint: number, tip: number, fallbackTip?: number])[],
): number | null {
  let sum = 0;
  let count = 0;
  for (const [end, joint, tip, fallbackTip] of sides) {
    const a = confident(keypoints, end, minScore);
    const b = confident(keypoints, joint, minScore);
    const c =
      confident(keypoints, tip, minScore) ??
      (fallbackTip === undefined ? null : confident(keypoints, fallbackTip, minScore));
    if (!(a && b && c)) continue;
    const angle = jointAngle(a, b, c);
    if (Number.isFinite(angle)) {
      sum += angle;
      count += 1;
    }
  }
  return count ? sum / count : null;
}

const KNEES = [
  [K.leftHip, K.leftKnee, K.leftAnkle],
  [K.rightHip, K.rightKnee, K.rightAnkle],
] as const;

/** The elbow stands in for a wrist MoveNet is unsure of (often motion-blurred mid-jump). */
const SHOULDERS = [
  [K.leftHip, K.leftShoulder, K.leftWrist, K.leftElbow],
  [K.rightHip, K.rightShoulder, K.rightWrist, K.rightElbow],
] as const;

/** Hip–knee–ankle angle, mean of the confident sides: about 180° standing, under 90° in a deep squat. */
export function kneeAngle(keypoints: readonly Keypoint[], minScore: number): number | null {
  return meanSideAngle(keypoints, minScore, KNEES);
}

/**
 * Shoulder abduction (hip–shoulder–wrist), mean of the confident sides: about 10° with arms
 * down, 90° with the wrists at shoulder height, about 170° overhead.
 */
export function armAbduction(keypoints: readonly Keypoint[], minScore: number): number | null {
  return meanSideAngle(keypoints, minScore, SHOULDERS);
}

/**
 * The hip width is taken as at least this fraction of the torso (shoulder midpoint to hip
 * midpoint). Facing the camera, MoveNet's hips sit 0.3–0.5 torso lengths apart; turned
 * side-on they overlap, and a few pixels between them would make any ankle gap look wide.
 */
export const MIN_HIP_WIDTH_PER_TORSO = 0.2;

/**
 * Distance between the ankles over the distance between the hips: scale-free, so it reads the
 * same near and far from the camera. About 1 with feet together, 2.5–4 in a jumping jack. A
 * body turned side-on reads narrow (see MIN_HIP_WIDTH_PER_TORSO); without confident
 * shoulders the hip width is taken as it is.
 */
export function legSpread(keypoints: readonly Keypoint[], minScore: number): number | null {
  const lh = confident(keypoints, K.leftHip, minScore);
  const rh = confident(keypoints, K.rightHip, minScore);
  const la = confident(keypoints, K.leftAnkle, minScore);
  const ra = confident(keypoints, K.rightAnkle, minScore);
  if (!(lh && rh && la && ra)) return null;
  const ls = confident(keypoints, K.leftShoulder, minScore);
  const rs = confident(keypoints, K.rightShoulder, minScore);
  const torso = ls && rs ? Math.hypot((ls.x + rs.x - lh.x - rh.x) / 2, (ls.y + rs.y - lh.y - rh.y) / 2) : 0;
  const hipWidth = Math.max(Math.hypot(lh.x - rh.x, lh.y - rh.y), MIN_HIP_WIDTH_PER_TORSO * torso);
  return hipWidth > 0 ? Math.hypot(la.x - ra.x, la.y - ra.y) / hipWidth : null;
}
