/**
 * Health measurements as both sides see them. Times are milliseconds on one clock (the
 * camera frame's timestamp or performance.now()); colours are 8-bit channel means (0..255).
 */
import type { Backend } from '../../../shared/backends';

/** One camera frame reduced to the mean colour of the skin region. */
export interface RgbSample {
  t: number;
  r: number;
  g: number;
  b: number;
}

/** One value of a slow series (mean landmark height, breath-sound envelope) at time t. */
export interface SeriesSample {
  t: number;
  value: number;
}

/** A pass band in hertz. */
export interface FrequencyBand {
  lowHz: number;
  highHz: number;
}

/**
 * The skin patches of one frame, as the heart-rate estimator reads them.
 */
export interface PatchSample {
  t: number;
  /** Mean RGB (0..255) of each patch, three values per patch; NaN where a patch left the frame. */
  rgb: Float32Array;
  /** Where the tracked face is (frame pixels) and its log size: continuous from frame to frame. */
  x: number;
  y: number;
  logScale: number;
  /** The face's width in frame pixels. */
  faceWidth: number;
}

/**
 * Why no number is shown. `too-short`: not enough signal yet. `low-frame-rate`: frames arrive
 * too slowly to see the rate. `face-too-small`: too few skin pixels for a pulse to rise above
 * sensor noise. `motion`: the head moves at the very rate the pulse seems to have, so the two
 * cannot be told apart. `too-dark` / `too-bright`: the skin is under- or over-exposed.
 * `disagree`: the skin patches find different rates. `low-quality`: the spectrum has no clear
 * peak (its SNR is below the threshold). `unsteady`: the rate has not held for a few estimates.
 */
export type HeartRateReason =
  | 'too-short'
  | 'low-frame-rate'
  | 'face-too-small'
  | 'motion'
  | 'too-dark'
  | 'too-bright'
  | 'disagree'
  | 'unsteady'
  | 'low-quality';

export interface HeartRateResult {
  /** Beats per minute, or null when `quality` is below the threshold or a check failed. */
  bpm: number | null;
  /** 0..1, from the spectral SNR (see `snrToQuality`). */
  quality: number;
  /** Power near the peak and its harmonic against the rest of the band, in dB. */
  snrDb: number;
  /**
   * The head's motion at the pulse's rate, in dB against the motion gate's limit: above 0 the
   * number is held back. −Infinity when it was not measured.
   */
  motionDb: number;
  /** The weighted share of skin patches that agree with the rate (0..1). */
  agreement: number;
  /** Skin patches that voted. */
  patches: number;
  reason?: HeartRateReason;
  /** The band-passed pulse waveform scaled to a peak of 1, for plotting; empty when a check failed. */
  pulse: Float32Array;
  /** Samples per second of `pulse`. */
  pulseRateHz: number;
}

export type BreathingReason = 'too-short' | 'low-frame-rate' | 'low-quality';

export interface BreathingResult {
  /** Breaths per minute, or null when `quality` is below the threshold or a check failed. */
  perMinute: number | null;
  quality: number;
  snrDb: number;
  reason?: BreathingReason;
  /** The band-passed breathing waveform scaled to a peak of 1, for plotting. */
  waveform: Float32Array;
  waveformRateHz: number;
}

/** MoveNet's 17 keypoints, in the model's (COCO) order. Left and right are the subject's. */
export const MOVENET_KEYPOINTS = [
  'nose',
  'leftEye',
  'rightEye',
  'leftEar',
  'rightEar',
  'leftShoulder',
  'rightShoulder',
  'leftElbow',
  'rightElbow',
  'leftWrist',
  'rightWrist',
  'leftHip',
  'rightHip',
  'leftKnee',
  'rightKnee',
  'leftAnkle',
  'rightAnkle',
] as const;

export type KeypointName = (typeof MOVENET_KEYPOINTS)[number];

/** Index of each keypoint in a MoveNet result. */
export const KEYPOINT_INDEX = Object.fromEntries(MOVENET_KEYPOINTS.map((name, i) => [name, i])) as Record<
  KeypointName,
  number
>;

/** One keypoint in frame pixels (y grows downwards) with MoveNet's confidence, 0..1. */
export interface Keypoint {
  x: number;
  y: number;
  score: number;
}

export type Exercise = 'squat' | 'jumping-jack';

/**
 * Where the counter is in a rep. `rest`: standing (squat) or arms and legs closed (jumping
 * jack). `active`: squatting, or arms up and legs apart. `unknown`: no rest pose seen yet, so
 * starting mid-rep never counts. A rep is counted on each active → rest transition.
 */
export type RepPhase = 'unknown' | 'rest' | 'active';

export interface RepUpdate {
  count: number;
  state: RepPhase;
  /** Smoothed knee angle (squat) or shoulder abduction (jumping jack) in degrees; null until seen. */
  angle: number | null;
}

/** Where the skin patches came from: the face mesh, or rectangles placed on the detector box. */
export type SkinRegionSource = 'mesh' | 'box';

/** How a breathing rate was measured. */
export type BreathingMethod = 'face-motion' | 'microphone';

/** How the page shows the camera: mirrored (front camera) and how many frame pixels per CSS pixel. */
export interface HealthViewOptions {
  mirror: boolean;
  markScale: number;
}

/** Per-frame costs in milliseconds. `rppg` is everything beyond the face models: region means and the estimate. */
export interface VitalsTimings {
  face: number;
  mesh: number;
  rppg: number;
  draw: number;
  total: number;
}

/** What the worker reports after each camera frame of a heart-rate measurement. */
export interface VitalsReport {
  face: boolean;
  regions: SkinRegionSource | null;
  heart: Omit<HeartRateResult, 'pulse' | 'pulseRateHz'>;
  /** The newest few seconds of the pulse waveform (peak 1), at pulseRateHz. */
  pulse: number[];
  pulseRateHz: number;
  breathing: Omit<BreathingResult, 'waveform' | 'waveformRateHz'> & { method: BreathingMethod };
  /** Frames per second that reached the estimator over the window. */
  frameRateHz: number;
  timings: VitalsTimings;
  dropped: number;
  backend: Backend;
}

/** What the worker reports after each camera frame of a workout. */
export interface RepsReport {
  exercise: Exercise;
  count: number;
  phase: RepPhase;
  angle: number | null;
  /** MoveNet's keypoints in frame pixels, MOVENET_KEYPOINTS order. */
  keypoints: Keypoint[];
  width: number;
  height: number;
  timings: { pre: number; model: number; total: number };
  dropped: number;
  backend: Backend;
}
