/**
 * TensorFlow.js engine: graph models on the webgpu, webgl or wasm backend. One backend is
 * active per worker; models are loaded on it and every run is wrapped so no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { fetchModelFile } from '../model-fetch';
import { runSelfTest } from '../self-test';
import type { Backend, TensorData } from '../types';
import { TFJS_RUNTIME_DIR } from '../../shared/security-policy';
import { currentThreadEnvironment, tfjsThreadPlan } from './tfjs-threads';

/**
 * Longest wait for the threaded build to start: its runtime waits until every thread worker has
 * loaded, and a worker that cannot load never says so. Past this the backend starts on one thread.
 */
const THREADED_START_MS = 30_000;

/** A thread count a benchmark chose before the wasm backend started; null: the rule in tfjs-threads.ts. */
let threadsWanted: number | null = null;
/** Why the wasm backend runs on one thread, decided when its code loads. */
let singleThreadReason: string | null = null;
/** The wasm backend's threads once it runs, and why they are fewer than planned (null: as planned). */
let wasmThreading: { threads: number; note: string | null } | null = null;

/**
 * Each backend's code, loaded (and registered with tfjs) the first time that backend is tried:
 * a start on WASM never parses the two GPU backends, about 40% of the engine's code.
 */
const BACKEND_CODE: Record<Backend, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: async () => {
    const { setWasmPaths, setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    // The threaded build starts its threads from TFJS_THREAD_WORKER and loads its factory from
    // TFJS_THREADED_FACTORY, both self-hosted (the build rewrites tfjs's blob: URLs to them), so
    // the CSP needs no blob: source.
    setWasmPaths(
      {
        'tfjs-backend-wasm.wasm': `${TFJS_RUNTIME_DIR}tfjs-backend-wasm.wasm`,
        'tfjs-backend-wasm-simd.wasm': `${TFJS_RUNTIME_DIR}tfjs-backend-wasm-simd.wasm`,
        'tfjs-backend-wasm-threaded-simd.wasm': `${TFJS_RUNTIME_DIR}tfjs-backend-wasm-threaded-simd.wasm`,
      },
      true,
    );
    const plan = tfjsThreadPlan(currentThreadEnvironment(threadsWanted));
    setThreadsCount(plan.threads);
    singleThreadReason = plan.reason;
    if (plan.threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  },
};
const backendCode = new Map<Backend, Promise<unknown>>();

/** Makes `backend` the active tfjs backend and checks it with the golden self-test. */
export async function activateTfjs(backend: Backend): Promise<void> {
  if (backend === 'webgpu' && !(await hasWebGpuAdapter())) {
    throw new Error('no WebGPU adapter is available');
  }
  let code = backendCode.get(backend);
  if (!code) {
    code = BACKEND_CODE[backend]();
    backendCode.set(backend, code);
    code.catch(() => backendCode.delete(backend));
  }
  await code;
  const ok = backend === 'wasm' ? await startWasm() : await tf.setBackend(backend);
  if (!ok) throw new Error(`tfjs could not start its ${backend} backend`);
  await tf.ready();
  await runSelfTest(tf);
}

/**
 * Starts the wasm backend, on the planned threads; when the threaded build fails or does not
 * start in time, on one thread (SIMD), noting why.
 */
async function startWasm(): Promise<boolean> {
  if (wasmThreading) return tf.setBackend('wasm');
  const { getThreadsCount, setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  let note = singleThreadReason;
  const threaded = singleThreadReason === null && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  if (singleThreadReason === null && !threaded) note = 'this browser has no WebAssembly threads';
  if (threaded) {
    const started = await withTimeout(tf.setBackend('wasm'), THREADED_START_MS);
    if (started === true) {
      wasmThreading = { threads: getThreadsCount(), note: null };
      return true;
    }
    note =
      started === false ? 'the threaded build failed to start' : 'the threaded build did not start in time';
    // Drops the failed (or still pending) instance and keeps the registration for the retry.
    discardTfjsBackend('wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setThreadsCount(1);
  }
  const ok = await tf.setBackend('wasm');
  if (ok) wasmThreading = { threads: getThreadsCount(), note };
  return ok;
}

/** `promise`'s value, or 'timeout' when it has not settled after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fixes the wasm backend's thread count (null: the rule in tfjs-threads.ts). It is read once, when
 * the backend's code loads; returns false when that has happened and the count no longer applies.
 */
export function setTfjsWasmThreads(threads: number | null): boolean {
  if (threads !== null && !(Number.isInteger(threads) && threads >= 1))
    throw new RangeError(`Threads must be a whole number from 1, got ${threads}.`);
  if (backendCode.has('wasm')) return false;
  threadsWanted = threads;
  return true;
}

/** The wasm backend's threads as it runs, and why fewer than every core (null: not started). */
export function tfjsWasmThreads(): { threads: number; note: string | null } | null {
  return wasmThreading;
}

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  return (await gpu.requestAdapter().catch(() => null)) !== null;
}

export function activeTfjsBackend(): Backend | null {
  const name = tf.getBackend();
  return name === 'webgpu' || name === 'webgl' || name === 'wasm' ? name : null;
}

export async function loadTfjsModel(url: string): Promise<GraphModel> {
  return loadGraphModel(url, { fetchFunc: fetchModelFile });
}

/** Zero input of the model's own shape (dynamic dims as 1): compiles shaders before the first real frame. */
export async function warmUp(model: GraphModel): Promise<void> {
  const feeds = model.inputs.map((input) => {
    const shape = (input.shape ?? [1]).map((d) => (d > 0 ? d : 1));
    return tf.zeros(shape, input.dtype === 'int32' ? 'int32' : 'float32');
  });
  try {
    const out = model.execute(feeds.length === 1 ? feeds[0]! : feeds);
    const list = Array.isArray(out) ? out : [out];
    await Promise.all(list.map((t) => t.data()));
    tf.dispose(list);
  } finally {
    tf.dispose(feeds);
  }
}

/** Runs a model on plain arrays and returns plain arrays; every tensor made here is disposed. */
export async function runTfjs(model: GraphModel, inputs: TensorData[]): Promise<TensorData[]> {
  const feeds = inputs.map((input) => {
    if (input.dtype === 'int64') throw new TypeError('TensorFlow.js has no int64 tensors; send int32.');
    return tf.tensor(input.data, input.shape, input.dtype);
  });
  let outputs: tf.Tensor[] = [];
  try {
    const result = model.execute(feeds.length === 1 ? feeds[0]! : feeds);
    outputs = Array.isArray(result) ? result : [result];
    return await Promise.all(
      outputs.map(async (tensor): Promise<TensorData> => {
        const data = await tensor.data();
        return data instanceof Int32Array
          ? { dtype: 'int32', shape: tensor.shape, data }
          : { dtype: 'float32', shape: tensor.shape, data: data as Float32Array };
      }),
    );
  } finally {
    tf.dispose(feeds);
    tf.dispose(outputs);
  }
}

/** Live tensors and their bytes; on the wasm backend also the size of its WebAssembly heap. */
export function tfjsMemory(): { tensors: number; bytes: number; wasmHeapBytes: number | null } {
  const memory = tf.memory();
  const heap =
    tf.getBackend() === 'wasm'
      ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8
      : undefined;
  return { tensors: memory.numTensors, bytes: memory.numBytes, wasmHeapBytes: heap ? heap.byteLength : null };
}

/**
 * Drops `backend`'s instance (after its GPU device was lost) and keeps its registration, so the
 * next activateTfjs(backend) builds it afresh, on a new device; without this tfjs would hand back
 * the old instance and its dead device. Tensors still on it are lost: dispose models first.
 */
export function discardTfjsBackend(backend: Backend): void {
  const engine = tf.engine();
  const entry = engine.registryFactory[backend];
  if (!entry) return;
  try {
    tf.removeBackend(backend);
  } catch {
    // Freeing the old instance's buffers can fail on a lost device; it is dropped all the same.
    delete engine.registry[backend];
  } finally {
    if (!tf.findBackendFactory(backend)) tf.registerBackend(backend, entry.factory, entry.priority);
  }
}

/** The WebGPU device of the active backend (for device-loss handling), if any. */
export function webgpuDevice(): GPUDevice | null {
  const backend = tf.backend() as unknown as { device?: GPUDevice };
  return tf.getBackend() === 'webgpu' ? (backend.device ?? null) : null;
}
