/**
 * Marks for the health views, drawn over the <video> by the worker on a transferred
 * OffscreenCanvas: the skin patches a heart-rate measurement averages, and the skeleton a
 * workout is counted from. Coordinates come in frame pixels; `mirror` flips them.
 */
import { prepare, type Context } from '../../face/shared/draw';
import type { Point } from '../../face/shared/types';
import { KEYPOINT_INDEX, type KeypointName, type Keypoint } from '../shared/types';

/** Keypoints below this score are not drawn (nor counted: see DEFAULT_*_CONFIG.minScore). */
export const SKELETON_MIN_SCORE = 0.3;

/** The bones drawn between MoveNet keypoints. */
export const SKELETON_BONES: readonly (readonly [KeypointName, KeypointName])[] = [
  ['leftShoulder', 'rightShoulder'],
  ['leftShoulder', 'leftElbow'],
  ['leftElbow', 'leftWrist'],
  ['rightShoulder', 'rightElbow'],
  ['rightElbow', 'rightWrist'],
  ['leftShoulder', 'leftHip'],
  ['rightShoulder', 'rightHip'],
  ['leftHip', 'rightHip'],
  ['leftHip', 'leftKnee'],
  ['leftKnee', 'leftAnkle'],
  ['rightHip', 'rightKnee'],
  ['rightKnee', 'rightAnkle'],
  ['nose', 'leftEye'],
  ['nose', 'rightEye'],
];

/** The skin patches as translucent outlines: green from the mesh, amber when placed on the box. */
export function drawSkinRegions(
  ctx: Context,
  width: number,
  height: number,
  regions: readonly (readonly Point[])[],
  fromMesh: boolean,
  { mirror, markScale }: { mirror: boolean; markScale: number },
): void {
  prepare(ctx, width, height);
  const fx = (x: number) => (mirror ? width - x : x);
  ctx.lineWidth = Math.max(1, 2 * markScale);
  ctx.strokeStyle = fromMesh ? '#34d399' : '#fbbf24';
  ctx.fillStyle = fromMesh ? 'rgba(52, 211, 153, 0.18)' : 'rgba(251, 191, 36, 0.18)';
  for (const polygon of regions) {
    ctx.beginPath();
    polygon.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(fx(x), y) : ctx.lineTo(fx(x), y)));
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
}

/** The skeleton: bones between confident keypoints, and the keypoints themselves. */
export function drawSkeleton(
  ctx: Context,
  width: number,
  height: number,
  keypoints: readonly Keypoint[],
  { mirror, markScale }: { mirror: boolean; markScale: number },
): void {
  prepare(ctx, width, height);
  const fx = (x: number) => (mirror ? width - x : x);
  const line = Math.max(1, 4 * markScale);
  ctx.lineWidth = line;
  ctx.lineCap = 'round';
  ctx.strokeStyle = 'rgba(125, 211, 252, 0.9)';
  for (const [a, b] of SKELETON_BONES) {
    const p = keypoints[KEYPOINT_INDEX[a]];
    const q = keypoints[KEYPOINT_INDEX[b]];
    if (!p || !q || p.score < SKELETON_MIN_SCORE || q.score < SKELETON_MIN_SCORE) continue;
    ctx.beginPath();
    ctx.moveTo(fx(p.x), p.y);
    ctx.lineTo(fx(q.x), q.y);
    ctx.stroke();
  }
  ctx.fillStyle = '#fbbf24';
  for (const point of keypoints) {
    if (point.score < SKELETON_MIN_SCORE) continue;
    ctx.beginPath();
    ctx.arc(fx(point.x), point.y, line * 1.1, 0, Math.PI * 2);
    ctx.fill();
  }
}
