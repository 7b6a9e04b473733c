/**
 * Face detection results as both sides see them. Coordinates are pixels of the frame that was
 * analysed (a camera frame or a decoded photo), origin at the top-left.
 */
import type { Backend } from '../../../shared/backends';

export type Point = [x: number, y: number];
export type Point3 = [x: number, y: number, z: number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * BlazeFace's six keypoints, in the model's order. "Right" is the subject's right, which is on
 * the left of an unmirrored image.
 */
export const KEYPOINT_NAMES = ['rightEye', 'leftEye', 'noseTip', 'mouth', 'rightEar', 'leftEar'] as const;
export const NUM_KEYPOINTS = KEYPOINT_NAMES.length;

export interface FaceDetection {
  box: Box;
  /** Detector confidence after sigmoid, 0..1. */
  score: number;
  /** NUM_KEYPOINTS points, in KEYPOINT_NAMES order. */
  keypoints: Point[];
}

/** `short`: BlazeFace front (128², faces within ~2 m). `full`: BlazeFace back (256², groups, far faces). */
export type FaceMode = 'short' | 'full';

export interface DetectOptions {
  mode: FaceMode;
  /** Detections below this score are dropped; the model's default when omitted. */
  scoreThreshold?: number;
  /** At most this many faces, best first. */
  maxFaces?: number;
  /** Also analyse overlapping tiles (photos: finds far faces in group shots). */
  tiles?: boolean;
}

/** Milliseconds spent in each step inside the worker. */
export interface StageTimings {
  pre: number;
  model: number;
  post: number;
  /** Crops and FaceMesh runs, when the mesh is on. */
  mesh?: number;
}

export interface FaceResult {
  faces: FaceDetection[];
  /** One per face, in the same order, when the mesh was asked for. */
  meshes?: FaceMesh[];
  /** Size of the analysed frame in pixels. */
  width: number;
  height: number;
  mode: FaceMode;
  timings: StageTimings;
}

/** 468 landmarks of one face, in frame pixels (z is relative depth, same scale as x). */
export interface FaceMesh {
  /** FaceMesh's face-presence score, 0..1. */
  score: number;
  landmarks: Point3[];
}

/** Per-call options of the worker's face task. */
export interface FaceTaskOptions extends DetectOptions {
  /** A loaded FaceMesh model: adds 468 landmarks per face. */
  meshHandle?: number;
}

/** How the live view is drawn; changeable while it runs. */
export interface LiveOptions extends FaceTaskOptions {
  redaction: 'none' | 'blur' | 'pixelate';
  mirror: boolean;
  /** Frame pixels per displayed CSS pixel, so marks have the same size on screen. */
  markScale: number;
}

/** What the worker reports after each live frame: the page shows it, the canvas is already drawn. */
export interface LiveReport {
  faces: FaceDetection[];
  width: number;
  height: number;
  timings: StageTimings & { draw: number };
  /** From the frame's arrival in the worker to its overlay drawn. */
  endToEnd: number;
  /** performance.timeOrigin + now() when the frame was drawn, comparable across threads. */
  drawnAt: number;
  /** Frames the camera delivered that were skipped because a newer one was waiting. */
  dropped: number;
  backend: Backend;
}
