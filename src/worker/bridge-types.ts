/**
 * The words every worker call shares: tensors crossing the boundary, skipped backends, the
 * worker's events. Each feature's calls and their own types are in src/worker/calls/; the page
 * imports all of them with `import type` from src/worker/types.ts.
 */
export { BACKENDS, DEFAULT_BACKEND_ORDER, type Backend } from '../shared/backends';
import type { Backend } from '../shared/backends';

/** A tensor crossing the worker boundary; its buffer is transferred, not copied. */
export type TensorData =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'int64'; shape: number[]; data: BigInt64Array }
  | { dtype: 'bool'; shape: number[]; data: Uint8Array };

export type TensorDtype = TensorData['dtype'];

/** A backend that was skipped, and why, in words for the UI. */
export interface SkippedBackend {
  backend: Backend;
  reason: string;
}

/** Typed events the worker sends while it works: load stages, and log lines worth showing. */
export type WorkerEvent =
  | { type: 'progress'; stage: 'backend' | 'fetch' | 'warmup' | 'ready'; backend?: Backend }
  | { type: 'log'; level: 'info' | 'warn'; message: string };
