/** Types of the model calls (src/worker/calls/models.ts): load, run, release, memory, threads. */
import type { AutoOrder } from '../../shared/backend-speed';
import type { Backend, SkippedBackend, TensorData, WorkerEvent } from '../bridge-types';

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
   * When this worker began (its time origin), began evaluating its modules (all fetched and
   * parsed), finished evaluating them, and received this load, in ms since the epoch
   * (performance.timeOrigin + now()), so a page can place them.
   */
  workerTimeline?: { began: number; evaluating: number; ready: number; loadCalled: number };
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

/** Loading, running and releasing models; aborting a call; the worker's memory and threads. */
export interface ModelCalls {
  load(request: LoadRequest, onEvent?: (event: WorkerEvent) => void): Promise<LoadedModel>;
  run(
    handle: number,
    inputs: TensorData[],
    callId: number,
    onEvent?: (event: WorkerEvent) => void,
  ): Promise<RunResult>;
  dispose(handle: number): Promise<void>;
  abort(callId: number): void;
  memory(): MemoryInfo;
  /**
   * Fixes the WebAssembly thread count of both engines for this worker (null: each one's default
   * rule): onnxruntime-web's only before its first ONNX model, tfjs's before its wasm backend
   * starts (later, tfjs keeps its count). Returns onnxruntime-web's count in force.
   */
  setWasmThreads(threads: number | null): number;
}
