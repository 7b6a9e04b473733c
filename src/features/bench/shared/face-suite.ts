/**
 * The face suite's settings and result types, shared by the bench harness and the Bench page.
 * Every engine gets the same frames (640×480 camera frames) and the same BlazeFace weights
 * (blazeface-front, 128² input); the live part runs the app's camera loop on a camera stream.
 */
import type { Summary } from './stats';

export type FaceEngine = 'ours' | 'human' | 'tfjs';
export type FaceBackend = 'wasm' | 'webgl' | 'webgpu';

/** Detector settings every engine is held to, so that face counts compare (ours: SHORT_RANGE_CONFIG). */
export const FACE_BENCH_DETECTOR = {
  inputSize: 128,
  minScore: 0.5,
  iouThreshold: 0.3,
  maxFaces: 20,
} as const;

export interface FaceSuiteConfig {
  backends: FaceBackend[];
  /** Untimed frames per engine and backend, after loading (first-run costs). */
  warmup: number;
  /** Timed frames per engine and backend, alternating between the engines frame by frame. */
  runs: number;
  /** No new timed frames on a backend after this long (software WebGL and WebGPU are slow); one always runs. */
  budgetMs: number;
}

export const DEFAULT_FACE_SUITE: FaceSuiteConfig = {
  backends: ['wasm', 'webgl', 'webgpu'],
  warmup: 5,
  runs: 100,
  budgetMs: 90_000,
};

/** `--quick`: enough to prove the suite works, not to measure. */
export const QUICK_FACE_SUITE: FaceSuiteConfig = {
  backends: ['wasm', 'webgl', 'webgpu'],
  warmup: 1,
  runs: 3,
  budgetMs: 20_000,
};

export interface FaceLiveConfig {
  /** Frames analysed before the first memory sample (warm-up). */
  warmupFrames: number;
  /** Frames analysed between the two memory samples; the sustained FPS is measured over them. */
  frames: number;
  /** The run stops after this long even if fewer frames came. */
  timeoutMs: number;
}

export const DEFAULT_FACE_LIVE: FaceLiveConfig = { warmupFrames: 30, frames: 1000, timeoutMs: 300_000 };
export const QUICK_FACE_LIVE: FaceLiveConfig = { warmupFrames: 5, frames: 20, timeoutMs: 60_000 };

/** Where one engine's time per frame went; ours only (the worker reports its stages). */
export interface FaceStages {
  pre: number;
  model: number;
  post: number;
  /** End-to-end minus the worker's stages: the bridge both ways and the frame's transfer. */
  bridge: number;
}

/** One timed frame, as seen from the page that asked for it. */
export interface FaceSample {
  /** From the call to the boxes back on the page. */
  ms: number;
  faces: number;
  /** Ours: the worker's own stage times. */
  stages?: FaceStages;
}

/** One engine on one backend: what loaded, its timed frames, and its face counts on the photos. */
export interface FaceEngineResult {
  engine: FaceEngine;
  /** The backend asked for, and the one the engine reports it ran on. */
  backend: FaceBackend;
  ranOn: string;
  loadMs: number;
  samples: FaceSample[];
  /** End-to-end time per frame. */
  frameMs: Summary;
  /** Ours: the bare model run (tensor in, outputs read back) inside the worker. */
  modelMs?: Summary;
  /** Ours: median of each stage. */
  stages?: FaceStages;
  /**
   * Ours on the Face page's photo path: each photo file decoded and scaled in the worker (a CPU
   * bitmap), then detected; median stages over the photos' runs ("bridge" holds the decode).
   */
  photoPath?: { stages: FaceStages; runs: number };
  /** Faces found in each test photo (one pass, no tiles). */
  photoFaces: Record<string, number>;
  /** Engine details that bear on speed (threads, precision, pre-processing). */
  settings: Record<string, string | number | boolean>;
  error?: string;
}

/** Ours over a peer, medians of the same run: below 1 means ours is faster. */
export interface FaceRatio {
  backend: FaceBackend;
  peer: FaceEngine;
  ratio: number;
}

/** A JS and WebAssembly memory picture of the page and the inference worker. */
export interface FaceMemorySample {
  /** The page's JS heap in use (performance.memory), where the browser tells. */
  pageJsHeapBytes: number | null;
  /** performance.measureUserAgentSpecificMemory(): page and workers, where the browser tells. */
  userAgentBytes: number | null;
  /** The worker's tfjs tensors and their bytes, and its WebAssembly heap (wasm backend). */
  workerTensors: number;
  workerTensorBytes: number;
  workerWasmHeapBytes: number | null;
}

/** Ours on a camera stream: the app's live loop in the worker, drawing its overlay. */
export interface FaceLiveResult {
  backend: string;
  /** Frames analysed over the timed stretch, and how long it took. */
  frames: number;
  seconds: number;
  fps: number;
  /** The camera's frame rate as its track reports it. */
  cameraFps: number | null;
  modelMs: Summary;
  /** Frame in (worker) → boxes drawn. */
  endToEndMs: Summary;
  /** The frame's steps besides the model: its pixels read, outputs decoded, overlay drawn. */
  stagesMs?: { pre: Summary; post: Summary; draw: Summary };
  facesPerFrame: Summary;
  memory: { afterWarmup: FaceMemorySample; afterFrames: FaceMemorySample; framesBetween: number };
  error?: string;
}

export interface FaceSuiteResult {
  suite: 'face';
  input: { frames: number; width: number; height: number; model: string; photos: string[] };
  config: FaceSuiteConfig;
  engines: FaceEngineResult[];
  ratios: FaceRatio[];
  /** Per backend: do the engines find the same number of faces on every photo? */
  sameFaces: Partial<Record<FaceBackend, boolean>>;
  live?: FaceLiveResult;
}
