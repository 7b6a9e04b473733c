/**
 * How many WebAssembly threads tfjs's wasm backend runs with. Threads need cross-origin isolation
 * and SharedArrayBuffer (WebKitGTK is isolated yet has none); then every core the device reports
 * is used, on devices with MIN_CORES_FOR_THREADS or more: on a 2-core machine two threads ran
 * BlazeFace 8–12× slower than one (43–65 ms against 5.6 ms a call, the cores shared with other
 * work), so smaller devices keep one unless a count is asked for. Firefox stays on one thread: there the threaded backend at times stops answering
 * while it starts or runs (the worker's watchdog fires), which one thread never did. Pure, so
 * the rule has unit tests; tfjs.ts applies it.
 */

/** The most threads tfjs's wasm backend runs (its pool of thread workers is this size). */
export const TFJS_MAX_THREADS = 8;

/** Fewer cores than this run on one thread unless a count is asked for. */
export const MIN_CORES_FOR_THREADS = 4;

/** What the rule reads from the worker's scope, and the count a benchmark asked for (null: none). */
export interface ThreadEnvironment {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  /** navigator.hardwareConcurrency; absent or 0 in some engines. */
  hardwareConcurrency: number | undefined;
  /** The engine is Firefox (Gecko), where tfjs's threads can stall. */
  firefox: boolean;
  wanted: number | null;
}

/** The thread count to start with, and why it is one when it is (null when threads are used). */
export interface ThreadPlan {
  threads: number;
  reason: string | null;
}

/**
 * The thread count for `env`: the wanted count, else every core, when threads can run at all;
 * never more than the cores (tfjs caps it there) nor TFJS_MAX_THREADS.
 */
export function tfjsThreadPlan(env: ThreadEnvironment): ThreadPlan {
  if (env.wanted === 1) return { threads: 1, reason: 'one thread was asked for' };
  if (!env.crossOriginIsolated) return { threads: 1, reason: 'the page is not cross-origin isolated' };
  if (!env.sharedArrayBuffer) return { threads: 1, reason: 'this browser has no SharedArrayBuffer' };
  if (env.firefox) return { threads: 1, reason: 'tfjs’s WebAssembly threads can stall in Firefox' };
  const cores = Math.floor(env.hardwareConcurrency ?? 0);
  if (cores < 2) return { threads: 1, reason: 'the device reports one core' };
  if (env.wanted === null && cores < MIN_CORES_FOR_THREADS)
    return { threads: 1, reason: `only ${cores} cores, where one thread runs faster` };
  return { threads: Math.min(env.wanted ?? cores, cores, TFJS_MAX_THREADS), reason: null };
}

/** The most threads onnxruntime-web runs; more rarely helps the small models here. */
export const ORT_MAX_THREADS = 4;

/**
 * onnxruntime-web's thread count for `env` (it has no Firefox stall): the wanted count, else every
 * core up to ORT_MAX_THREADS, when threads can run at all; one on devices of fewer than
 * MIN_CORES_FOR_THREADS cores. ORT's threads spin while they wait, so on 2 cores two threads took
 * the core the page and camera need: opus-mt decoded 20.9 tokens/s on two and 29.6 on one.
 */
export function onnxThreadCount(env: Omit<ThreadEnvironment, 'firefox'>): number {
  if (!env.crossOriginIsolated || !env.sharedArrayBuffer) return 1;
  if (env.wanted !== null) return env.wanted;
  const cores = Math.floor(env.hardwareConcurrency ?? 0);
  return cores < MIN_CORES_FOR_THREADS ? 1 : Math.min(ORT_MAX_THREADS, cores);
}

/** The environment of the current worker scope. */
export function currentThreadEnvironment(wanted: number | null): ThreadEnvironment {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: globalThis.navigator?.hardwareConcurrency,
    firefox: /\bFirefox\//.test(globalThis.navigator?.userAgent ?? ''),
    wanted,
  };
}
