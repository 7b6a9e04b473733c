/**
 * Types of the inference worker's API. The page imports these with `import type` only and
 * talks to the worker through src/runtime/inference-client.ts.
 */

import type { AutoOrder } from '../shared/backend-speed';
import type { Backend } from '../shared/backends';
import type { FrameFeed } from '../shared/frame-feed';
import type { FaceResult, FaceTaskOptions, LiveOptions, LiveReport } from '../features/face/shared/types';
import type { BreathingConfig } from '../features/health/shared/config';
import type { Transcript, TranscribeOptions, Translation } from '../features/translate/shared/translation';
import type {
  BreathingResult,
  Exercise,
  HealthViewOptions,
  RepsReport,
  SeriesSample,
  VitalsReport,
} from '../features/health/shared/types';

export { BACKENDS, DEFAULT_BACKEND_ORDER, type Backend } from '../shared/backends';

/** A tensor crossing the worker boundary; its buffer is transferred, not copied. */
export type TensorData =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'int64'; shape: number[]; data: BigInt64Array }
  | { dtype: 'bool'; shape: number[]; data: Uint8Array };

export type TensorDtype = TensorData['dtype'];

export interface LoadRequest {
  /** tfjs: a graph model's model.json; onnx: an .onnx file. Fetched through the model store. */
  engine: 'tfjs' | 'onnx';
  url: string;
  /** ONNX only: example inputs for the warm-up run (ONNX files do not say every shape). */
  warmupInputs?: TensorData[];
  /** Force one backend; otherwise the automatic order with fallback. */
  backend?: Backend;
  /**
   * Automatic mode: the order measured fastest for this model on this device, and why
   * (src/runtime/backend-choice.ts). Without it the worker orders by its quick hint.
   */
  auto?: AutoOrder;
}

export interface WorkerFeatures {
  trackProcessor: boolean;
}

/** A backend that was skipped, and why, in words for the UI. */
export interface SkippedBackend {
  backend: Backend;
  reason: string;
}

export interface LoadedModel {
  handle: number;
  /** The backend that actually runs this model. */
  backend: Backend;
  skipped: SkippedBackend[];
  /** Automatic mode: why this backend came first (measured times, or the quick hint). */
  chosenBecause?: string;
  initMs: number;
  loadMs: number;
  /** First run on a zero input: shader compilation and allocation happen here, not on the first real frame. */
  warmupMs: number;
  /** WebAssembly threads of the tfjs wasm backend, when the model runs on it. */
  threads?: number;
  /**
   * When this worker began (its time origin), finished evaluating its modules, and received this
   * load, in ms since the epoch (performance.timeOrigin + now()), so a page can place them.
   */
  workerTimeline?: { began: number; ready: number; loadCalled: number };
  inputs: { name: string; shape: number[]; dtype: string }[];
}

export interface RunResult {
  outputs: TensorData[];
  backend: Backend;
  ms: number;
  /**
   * Set when the run did not happen on the backend the person forced (or the model's session was
   * made for): that backend, and why the run is elsewhere.
   */
  fellBack?: SkippedBackend;
}

export interface MemoryInfo {
  backend: Backend | null;
  tensors: number;
  bytes: number;
  /** Size of the WebAssembly heap when the wasm backend is active. */
  wasmHeapBytes: number | null;
  /** Sizes of the WebAssembly memories the worker created itself (onnxruntime-web's). */
  wasmMemoryBytes: number[];
  /** Threads the tfjs wasm backend runs with (null: not started), and why fewer than every core. */
  wasmThreads: number | null;
  wasmThreadsNote: string | null;
}

/** A face-task result, with the backend that ran it. */
export interface FaceTaskResult extends FaceResult {
  backend: Backend;
  /** The detector's run was not on the forced backend: which one, and why (see RunResult). */
  fellBack?: SkippedBackend;
}

/** A photo decoded and scaled in the worker, and the faces found in it. */
export interface PhotoTaskResult {
  result: FaceTaskResult;
  /** The scaled photo (at most PHOTO_MAX_SIDE), transferred to the page; the result's coordinates are in its pixels. */
  bitmap: ImageBitmap;
  sourceWidth: number;
  sourceHeight: number;
}

/** Typed events the worker sends while it works: load stages, and log lines worth showing. */
export type WorkerEvent =
  | { type: 'progress'; stage: 'backend' | 'fetch' | 'warmup' | 'ready'; backend?: Backend }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

/** URLs of a MarianMT model's files, in the Transformers.js layout (served by the model store). */
export interface TranslatorFiles {
  encoder: string;
  decoder: string;
  tokenizer: string;
  tokenizerConfig: string;
  config: string;
  generationConfig: string;
}

/** URLs of a Whisper model's files, in the Transformers.js layout: a translator's, and the feature extractor's settings. */
export interface TranscriberFiles extends TranslatorFiles {
  preprocessorConfig: string;
}

/** A health measurement the worker runs on a camera stream, with the worker handles of its models. */
export type HealthTask =
  { kind: 'vitals'; detector: number; mesh?: number } | { kind: 'reps'; pose: number; exercise: Exercise };

export type HealthReport = { kind: 'vitals'; report: VitalsReport } | { kind: 'reps'; report: RepsReport };

/** What the worker exposes over Comlink. Every call that does work takes a call id so it can be aborted. */
export interface InferenceApi {
  load(request: LoadRequest, onEvent?: (event: WorkerEvent) => void): Promise<LoadedModel>;
  /** Sends a buffer to the worker and straight back (both ways transferred): the bridge's own cost. */
  echo(buffer: ArrayBuffer): Promise<ArrayBuffer>;
  run(
    handle: number,
    inputs: TensorData[],
    callId: number,
    onEvent?: (event: WorkerEvent) => void,
  ): Promise<RunResult>;
  /** Finds faces in one frame (transferred; the worker closes it). */
  detectFaces(
    handle: number,
    frame: ImageBitmap | VideoFrame,
    options: FaceTaskOptions,
    callId: number,
  ): Promise<FaceTaskResult>;
  /** Decodes a photo file off the main thread, scales it, and finds the faces in it. */
  detectPhoto(
    handle: number,
    photo: Blob,
    name: string,
    options: FaceTaskOptions,
    callId: number,
  ): Promise<PhotoTaskResult>;
  /**
   * Runs the live camera pipeline in the worker: frames from `frames` are analysed and their
   * overlay drawn on `canvas`; `onReport` gets each frame's result, `onEnd` the reason it stopped.
   */
  startLive(
    detector: number,
    frames: FrameFeed,
    canvas: OffscreenCanvas,
    options: LiveOptions,
    onReport: (report: LiveReport) => void,
    onEnd: (error: string | null) => void,
  ): Promise<void>;
  updateLive(detector: number, options: LiveOptions): Promise<void>;
  stopLive(): Promise<void>;
  /**
   * Runs a health measurement on a camera stream in the worker: a heart-rate measurement
   * (face, skin patches, rPPG, breathing from motion) or a workout (pose, rep counter). Marks
   * are drawn on `canvas`; `onReport` gets each frame's result, `onEnd` the reason it stopped.
   */
  startHealth(
    task: HealthTask,
    frames: FrameFeed,
    canvas: OffscreenCanvas,
    view: HealthViewOptions,
    onReport: (report: HealthReport) => void,
    onEnd: (error: string | null) => void,
  ): Promise<void>;
  updateHealth(view: HealthViewOptions): Promise<void>;
  stopHealth(): Promise<void>;
  /** Loads a MarianMT translator (two ONNX sessions and its tokenizer) from its files' URLs. */
  loadTranslator(files: TranslatorFiles, backend?: Backend): Promise<{ handle: number; backend: Backend }>;
  /** Translates text sentence by sentence; `onPartial` gets the whole output so far as tokens arrive. */
  translate(
    handle: number,
    text: string,
    callId: number,
    onPartial?: (text: string) => void,
  ): Promise<Translation>;
  /** Loads a Whisper transcriber (two ONNX sessions and its tokenizer) from its files' URLs. */
  loadTranscriber(files: TranscriberFiles, backend?: Backend): Promise<{ handle: number; backend: Backend }>;
  /**
   * Transcribes 16 kHz mono audio (transferred), 30 s at a time, detecting the language unless
   * one is given; `onPartial` gets the whole transcript so far as tokens arrive.
   */
  transcribe(
    handle: number,
    audio: Float32Array,
    options: TranscribeOptions,
    callId: number,
    onPartial?: (text: string) => void,
  ): Promise<Transcript>;
  /** Breathing rate from a slow series the page measured (the microphone's breath-sound envelope). */
  breathingRate(series: SeriesSample[], config?: Partial<BreathingConfig>): Promise<BreathingResult>;
  dispose(handle: number): Promise<void>;
  abort(callId: number): void;
  memory(): MemoryInfo;
  /**
   * Fixes the WebAssembly thread count of both engines for this worker (null: each one's default
   * rule): onnxruntime-web's only before its first ONNX model, tfjs's before its wasm backend
   * starts (later, tfjs keeps its count). Returns onnxruntime-web's count in force.
   */
  setWasmThreads(threads: number | null): number;
  /** Test hooks: a call that never returns, and losing the WebGPU device. */
  debugHang(): Promise<never>;
  debugLoseDevice(): Promise<boolean>;
  /** What this worker's engine offers (a camera track processor of its own, for the `track` path). */
  features(): Promise<WorkerFeatures>;
  /** Throws an uncaught error in the worker, as a crash or an out-of-memory abort would. */
  debugCrash(): void;
}
