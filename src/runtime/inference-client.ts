/**
 * The page's one bridge to the inference worker (Comlink). It adds what a bare worker lacks:
 * AbortSignal on every call, a watchdog that restarts a hung worker, a restart after a crash
 * or out-of-memory abort, and models that come back by themselves after a restart.
 *
 * This file is the core (the worker's life, calls, models); each feature's calls are in
 * src/runtime/clients/ and mixed into InferenceClient, so a page calls `client.translate(…)`.
 */
// Vite's `?worker&url` import type, also for the Node project, which type-checks this file through tests.
/// <reference types="vite/client" />
import { proxy, releaseProxy, transfer, transferHandlers, wrap, type Remote } from 'comlink';
import { preserveAppErrors } from '../shared/comlink-errors';
import { AppError } from '../shared/errors';
import { trustedScriptUrl } from '../shared/trusted-types';
import inferenceWorkerUrl from '../worker/inference.worker.ts?worker&url';
import type { InferenceApi, LoadRequest, MemoryInfo, RunResult, TensorData } from '../worker/types';
import {
  LOAD_WATCHDOG_MS,
  type CallOptions,
  type ClientCore,
  type ModelHandle,
  type RestartEvent,
} from './clients/core';
import { debugClient, type DebugClient } from './clients/debug';
import { faceClient, type FaceClient } from './clients/face';
import { healthClient, type HealthClient } from './clients/health';
import { translateClient, type TranslateClient } from './clients/translate';

export { LOAD_WATCHDOG_MS, type CallOptions, type ModelHandle, type RestartEvent } from './clients/core';
export {
  TRANSCRIBE_WATCHDOG_MS,
  TRANSCRIBE_WATCHDOG_MS_PER_AUDIO_SECOND,
  TRANSLATE_WATCHDOG_MS,
  TRANSLATE_WATCHDOG_MS_PER_CHARACTER,
} from './clients/translate';

/** A call that takes longer than this is considered hung (model loads get longer). */
export const DEFAULT_WATCHDOG_MS = 30_000;
/**
 * How long a load that got bad bytes from outside the model store waits for the store to
 * control the page (a first visit's service worker is still installing), to load through it.
 */
export const STORE_CONTROL_WAIT_MS = 15_000;
interface Pending {
  reject(error: unknown): void;
}

preserveAppErrors(transferHandlers);

/** Clients whose worker runs, weakly held: the Bench page samples their memory. */
const running = new Set<WeakRef<InferenceClient>>();

/** The clients whose worker runs now (any page's, and the benchmarks' own). */
export function runningClients(): InferenceClient[] {
  return [...running]
    .map((ref) => ref.deref() ?? (running.delete(ref), undefined))
    .filter((c) => c !== undefined);
}

/**
 * Every feature's calls (src/runtime/clients/), mixed into the class below as the TypeScript
 * handbook's mixins do; inference-client.test.ts checks each one is there and shadows no core member.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the mixins' declared side
export interface InferenceClient extends FaceClient, HealthClient, TranslateClient, DebugClient {}

/** The feature clients mixed in, in order. */
export const FEATURE_CLIENTS = [faceClient, healthClient, translateClient, debugClient] as const;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the mixins' implemented side
export class InferenceClient implements ClientCore {
  private worker!: Worker;
  private api!: Remote<InferenceApi>;
  private nextCall = 1;
  private readonly pending = new Set<Pending>();
  private readonly models = new Map<
    number,
    { request: LoadRequest; workerHandle: number; handle: ModelHandle }
  >();
  private nextModel = 1;
  private readonly listeners = new Set<(event: RestartEvent) => void>();
  restarts = 0;
  private readonly ref = new WeakRef(this);
  /** ONNX Runtime's thread count as set by setWasmThreads (undefined: never set), kept across restarts. */
  private wasmThreads: number | null | undefined;
  /**
   * True when this worker began before a service worker controlled the page: its fetches go
   * straight to the server, past the model store (it verifies every file all the same).
   */
  private outsideStore = false;

  constructor(private readonly createWorker: () => Worker = defaultWorker) {
    this.start();
    running.add(this.ref);
  }

  private start(): void {
    this.outsideStore = pageUncontrolled();
    this.worker = this.createWorker();
    this.api = wrap<InferenceApi>(this.worker);
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.restart(
        'crashed',
        `The inference worker crashed (${event.message || 'out of memory or an internal error'}). It was restarted.`,
      );
    });
  }

  /** Stops the worker, fails every call in flight, and starts a fresh one; models reload on next use. */
  restart(reason: RestartEvent['reason'], message: string): void {
    this.api[releaseProxy]();
    this.worker.terminate();
    const code = reason === 'hung' ? 'worker/hung' : 'worker/crashed';
    for (const call of [...this.pending]) call.reject(new AppError(code, message));
    this.pending.clear();
    for (const entry of this.models.values()) entry.workerHandle = -1;
    this.restarts += 1;
    this.start();
    // The new worker gets the same thread count before any model reloads in it: calls reach a
    // worker in the order they are made, so this one comes before every load that follows.
    if (this.wasmThreads !== undefined) {
      const threads = this.wasmThreads;
      this.call((api) => api.setWasmThreads(threads)).catch(() => undefined);
    }
    for (const listener of this.listeners) listener({ reason, message });
  }

  /**
   * Runs a model load. A worker that began outside the model store and got a file that failed its
   * size or SHA-256 check is replaced, once the store controls the page and the worker holds no
   * model and no call, and the load runs again through the store. Otherwise the error stands.
   */
  async throughStore<T>(load: () => Promise<T>): Promise<T> {
    const generation = this.restarts;
    try {
      return await load();
    } catch (error) {
      if (this.restarts !== generation) return load();
      if (!this.outsideStore || !isIntegrityError(error)) throw error;
      const deadline = performance.now() + STORE_CONTROL_WAIT_MS;
      if (!(await storeControls(STORE_CONTROL_WAIT_MS))) throw error;
      while (this.pending.size > 0 && performance.now() < deadline) await sleep(100);
      if (this.restarts !== generation) return load();
      const holdsModels = [...this.models.values()].some((entry) => entry.workerHandle >= 0);
      if (this.pending.size > 0 || holdsModels) throw error;
      this.restart(
        'outside-store',
        'The inference worker began before the offline store and got a model file that failed its check; it was restarted to load through the store.',
      );
      return load();
    }
  }

  onRestart(listener: (event: RestartEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs one worker call with abort and watchdog. */
  call<T>(
    invoke: (api: Remote<InferenceApi>, callId: number) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    const { signal, timeoutMs = DEFAULT_WATCHDOG_MS } = options;
    if (signal?.aborted) return Promise.reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    const callId = this.nextCall++;
    const api = this.api;
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { reject };
      this.pending.add(entry);
      const finish = () => {
        this.pending.delete(entry);
        clearTimeout(watchdog);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        finish();
        // After terminate() the proxy is released and throws: nothing is left to tell then.
        Promise.resolve()
          .then(() => api.abort(callId))
          .catch(() => undefined);
        reject(signal!.reason ?? new DOMException('Aborted', 'AbortError'));
      };
      const watchdog = setTimeout(() => {
        finish();
        reject(
          new AppError(
            'worker/hung',
            `The inference worker did not answer within ${Math.round(timeoutMs / 1000)} s. It was restarted.`,
          ),
        );
        this.restart('hung', 'The inference worker stopped answering and was restarted.');
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      invoke(api, callId).then(
        (value) => {
          finish();
          resolve(value);
        },
        (error: unknown) => {
          finish();
          reject(error);
        },
      );
    });
  }

  /** Loads a model (fetched through the model store) and warms it up. */
  async load(request: LoadRequest, options: CallOptions = {}): Promise<ModelHandle> {
    const events = options.onEvent ? proxy(options.onEvent) : undefined;
    const info = await this.throughStore(() =>
      this.call((api) => api.load(request, events), { timeoutMs: LOAD_WATCHDOG_MS, ...options }),
    );
    const handle: ModelHandle = { id: this.nextModel++, info };
    this.models.set(handle.id, { request, workerHandle: info.handle, handle });
    return handle;
  }

  /** The model's handle in the current worker; loads it again after a restart (its events to `onEvent`). */
  async workerHandle(
    model: ModelHandle,
    signal?: AbortSignal,
    onEvent?: CallOptions['onEvent'],
  ): Promise<number> {
    const entry = this.models.get(model.id);
    if (!entry) throw new AppError('worker/failed', 'This model was disposed. Load it again.');
    if (entry.workerHandle < 0) {
      // The worker restarted since: load the model again, transparently.
      const info = await this.throughStore(() =>
        this.call((api) => api.load(entry.request, onEvent && proxy(onEvent)), {
          timeoutMs: LOAD_WATCHDOG_MS,
          signal,
        }),
      );
      entry.workerHandle = info.handle;
      entry.handle.info = info;
    }
    return entry.workerHandle;
  }

  /**
   * Runs a model. Input buffers are transferred to the worker (the arrays are empty afterwards).
   * `onEvent` gets what the worker says meanwhile (a GPU device lost and rebuilt, a fall-back).
   */
  async run(model: ModelHandle, inputs: TensorData[], options: CallOptions = {}): Promise<RunResult> {
    const handle = await this.workerHandle(model, options.signal, options.onEvent);
    const buffers = inputs.map((input) => input.data.buffer as ArrayBuffer);
    const events = options.onEvent ? proxy(options.onEvent) : undefined;
    return this.call((api, callId) => api.run(handle, transfer(inputs, buffers), callId, events), options);
  }

  async dispose(model: ModelHandle): Promise<void> {
    const entry = this.models.get(model.id);
    this.models.delete(model.id);
    if (entry && entry.workerHandle >= 0) await this.call((api) => api.dispose(entry.workerHandle));
  }

  /** Memory of the worker; give a signal to give up on a busy worker without restarting it. */
  memory(options: CallOptions = {}): Promise<MemoryInfo> {
    return this.call((api) => api.memory(), options);
  }

  /** Fixes ONNX Runtime's WebAssembly threads in this worker before its first ONNX model (benchmarks). */
  async setWasmThreads(threads: number | null): Promise<number> {
    const applied = await this.call((api) => api.setWasmThreads(threads));
    this.wasmThreads = threads;
    return applied;
  }

  send(invoke: (api: Remote<InferenceApi>) => unknown): void {
    void invoke(this.api);
  }

  terminate(): void {
    running.delete(this.ref);
    this.api[releaseProxy]();
    this.worker.terminate();
    // Calls still waiting end now, not at their watchdog.
    for (const call of [...this.pending])
      call.reject(new AppError('worker/terminated', 'The inference worker was closed.'));
    this.pending.clear();
  }
}

Object.assign(InferenceClient.prototype, ...FEATURE_CLIENTS);

function defaultWorker(): Worker {
  // The CSP requires a TrustedScriptURL here (`?worker&url` still bundles the worker).
  return new Worker(trustedScriptUrl(inferenceWorkerUrl) as string | URL, {
    type: 'module',
    name: 'offgrid-inference',
  });
}

/** True when this page has service workers but none controls it yet (a first visit). */
function pageUncontrolled(): boolean {
  const container = globalThis.navigator?.serviceWorker as ServiceWorkerContainer | undefined;
  return container !== undefined && container.controller === null;
}

/** Resolves true once a service worker controls the page, false after `timeoutMs`. */
function storeControls(timeoutMs: number): Promise<boolean> {
  const container = navigator.serviceWorker;
  if (container.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const changed = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      container.removeEventListener('controllerchange', changed);
      resolve(false);
    }, timeoutMs);
    container.addEventListener('controllerchange', changed, { once: true });
  });
}

/** A model file whose bytes were not the registry's (size or SHA-256). */
function isIntegrityError(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.code === 'model/hash-mismatch' || error.code === 'model/size-mismatch')
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
