/**
 * Turns BlazeFace's raw outputs into face candidates, as MediaPipe's TensorsToDetectionsCalculator
 * does with x/y/w/h_scale = input size and `reverse_output_order: true` (x before y).
 * Regressor row per anchor [16]: cx, cy, w, h, then 6 keypoints × (x, y), all in input pixels
 * relative to the anchor centre (anchors are 1 × 1, so no anchor-size factor).
 */
import type { FaceDetectorConfig } from '../shared/config';
import { NUM_KEYPOINTS, type FaceDetection, type Point } from '../shared/types';
import { ANCHOR_STRIDE } from './anchors';
import type { RawDetections } from './raw-outputs';

/** Regressor columns before the keypoints: cx, cy, w, h. */
const BOX_COORDS = 4;

/** The logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Detector score from a raw logit, clipped first as MediaPipe's `score_clipping_thresh` does. */
export function scoreFromLogit(raw: number, clip: number): number {
  return sigmoid(Math.min(clip, Math.max(-clip, raw)));
}

/**
 * Face candidates scoring at least `scoreThreshold`, in anchor order, in 0..1 of the model input
 * (box x, y = top-left). The input is the letterboxed square; project.ts maps back to the frame.
 */
export function decodeDetections(
  raw: RawDetections,
  anchors: Float32Array,
  config: FaceDetectorConfig,
  scoreThreshold: number = config.minScore,
): FaceDetection[] {
  const { inputSize, numCoords, scoreClip } = config;
  const count = raw.scores.length;
  if (anchors.length !== count * ANCHOR_STRIDE || raw.regressors.length !== count * numCoords) {
    throw new RangeError(
      `decodeDetections: ${count} scores, ${raw.regressors.length / numCoords} regressor rows and ` +
        `${anchors.length / ANCHOR_STRIDE} anchors should all be equal.`,
    );
  }
  const keypointCount = Math.min(NUM_KEYPOINTS, (numCoords - BOX_COORDS) >> 1);
  const faces: FaceDetection[] = [];
  for (let i = 0; i < count; i++) {
    const score = scoreFromLogit(raw.scores[i]!, scoreClip);
    // `!(a >= b)` also drops NaN scores.
    if (!(score >= scoreThreshold)) continue;
    const r = i * numCoords;
    const ax = anchors[i * ANCHOR_STRIDE]!;
    const ay = anchors[i * ANCHOR_STRIDE + 1]!;
    const width = raw.regressors[r + 2]! / inputSize;
    const height = raw.regressors[r + 3]! / inputSize;
    // MediaPipe drops boxes the model predicted with a negative size (b/171391719).
    if (width < 0 || height < 0) continue;
    const cx = ax + raw.regressors[r]! / inputSize;
    const cy = ay + raw.regressors[r + 1]! / inputSize;
    const keypoints: Point[] = [];
    for (let k = 0; k < keypointCount; k++) {
      const kr = r + BOX_COORDS + 2 * k;
      keypoints.push([ax + raw.regressors[kr]! / inputSize, ay + raw.regressors[kr + 1]! / inputSize]);
    }
    faces.push({ box: { x: cx - width / 2, y: cy - height / 2, width, height }, score, keypoints });
  }
  return faces;
}
