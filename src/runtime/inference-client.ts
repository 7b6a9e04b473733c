/**
 * The page's one bridge to the inference worker (Comlink). It adds what a bare worker lacks:
 * AbortSignal on every call, a watchdog that restarts a hung worker, a restart after a crash
 * or out-of-memory abort, and models that come back by themselves after a restart.
 */
// Vite's `?worker&url` import type, also for the Node project, which type-checks this file through tests.
/// <reference types="vite/client" />
import { proxy, releaseProxy, transfer, transferHandlers, wrap, type Remote } from 'comlink';
import { preserveAppErrors } from '../shared/comlink-errors';
import { AppError } from '../shared/errors';
import { trustedScriptUrl } from '../shared/trusted-types';
import inferenceWorkerUrl from '../worker/inference.worker.ts?worker&url';
import type { Backend } from '../shared/backends';
import type { FeedHandoff } from '../shared/frame-feed';
import type { FaceTaskOptions, LiveOptions, LiveReport } from '../features/face/shared/types';
import type { BreathingConfig } from '../features/health/shared/config';
import type { Transcript, TranscribeOptions, Translation } from '../features/translate/shared/translation';
import type {
  BreathingResult,
  Exercise,
  HealthViewOptions,
  SeriesSample,
} from '../features/health/shared/types';
import type {
  FaceTaskResult,
  HealthReport,
  HealthTask,
  InferenceApi,
  TranscriberFiles,
  TranslatorFiles,
  PhotoTaskResult,
  LoadedModel,
  LoadRequest,
  MemoryInfo,
  RunResult,
  WorkerFeatures,
  TensorData,
  WorkerEvent,
} from '../worker/types';

/** A call that takes longer than this is considered hung (model loads get longer). */
export const DEFAULT_WATCHDOG_MS = 30_000;
export const LOAD_WATCHDOG_MS = 120_000;
/** Transcription's watchdog: a floor, plus time per second of audio (a slow WASM device runs whisper-tiny at a few times real time). */
export const TRANSCRIBE_WATCHDOG_MS = 120_000;
export const TRANSCRIBE_WATCHDOG_MS_PER_AUDIO_SECOND = 3_000;
/** Translation's watchdog: a floor, plus time per character of the text (a long text translates sentence by sentence). */
export const TRANSLATE_WATCHDOG_MS = 120_000;
export const TRANSLATE_WATCHDOG_MS_PER_CHARACTER = 50;
/**
 * How long a load that got bad bytes from outside the model store waits for the store to
 * control the page (a first visit's service worker is still installing), to load through it.
 */
export const STORE_CONTROL_WAIT_MS = 15_000;
/** The sample rate transcription takes. */
const TRANSCRIBE_SAMPLE_RATE = 16_000;

export interface CallOptions {
  signal?: AbortSignal;
  /** Progress and log lines from the worker, as typed events. */
  onEvent?: (event: WorkerEvent) => void;
  /** Watchdog for this call; defaults to DEFAULT_WATCHDOG_MS. */
  timeoutMs?: number;
}

/** Why the worker was restarted, for the UI to say. */
export interface RestartEvent {
  /** `outside-store`: the worker began before the model store controlled the page, and is replaced to load through it. */
  reason: 'crashed' | 'hung' | 'outside-store';
  message: string;
}

interface Pending {
  reject(error: unknown): void;
}

/** A model as the page sees it: a stable id that survives worker restarts. */
export interface ModelHandle {
  readonly id: number;
  info: LoadedModel;
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

export class InferenceClient {
  private worker!: Worker;
  private api!: Remote<InferenceApi>;
  private nextCall = 1;
  private readonly pending = new Set<Pending>();
  private readonly models = new Map<
    number,
    { request: LoadRequest; workerHandle: number; handle: ModelHandle }
  >();
  private nextModel = 1;
  private features: Promise<WorkerFeatures> | undefined;
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
  private async throughStore<T>(load: () => Promise<T>): Promise<T> {
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
  private call<T>(
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
  private async workerHandle(
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

  /** Worker handles of a face detector and its optional mesh model, plus the other options. */
  private async faceHandles<T extends { mesh?: ModelHandle }>(
    detector: ModelHandle,
    options: T,
    signal?: AbortSignal,
  ): Promise<{ handle: number; options: Omit<T, 'mesh'> & { meshHandle?: number } }> {
    const { mesh, ...rest } = options;
    const handle = await this.workerHandle(detector, signal);
    const meshHandle = mesh ? await this.workerHandle(mesh, signal) : undefined;
    return { handle, options: { ...rest, meshHandle } };
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

  /** Finds faces in a frame. The frame is transferred (and closed by the worker): pass a clone to keep one. */
  async detectFaces(
    detector: ModelHandle,
    frame: ImageBitmap | VideoFrame,
    options: FaceTaskOptions & { mesh?: ModelHandle },
    callOptions: CallOptions = {},
  ): Promise<FaceTaskResult> {
    try {
      const task = await this.faceHandles(detector, options, callOptions.signal);
      return await this.call(
        (api, callId) => api.detectFaces(task.handle, transfer(frame, [frame]), task.options, callId),
        callOptions,
      );
    } catch (error) {
      frame.close();
      throw error;
    }
  }

  /** Decodes a photo in the worker (never on the page), scales it, and finds the faces in it. */
  async detectPhoto(
    detector: ModelHandle,
    photo: Blob,
    name: string,
    options: FaceTaskOptions & { mesh?: ModelHandle },
    callOptions: CallOptions = {},
  ): Promise<PhotoTaskResult> {
    const task = await this.faceHandles(detector, options, callOptions.signal);
    return this.call((api, callId) => api.detectPhoto(task.handle, photo, name, task.options, callId), {
      timeoutMs: 60_000,
      ...callOptions,
    });
  }

  /**
   * Starts the live pipeline in the worker: `frames` (a camera track's VideoFrame stream) and
   * `canvas` (the overlay, transferred) move to the worker; reports come back per frame.
   */
  async startLive(
    detector: ModelHandle,
    frames: FeedHandoff,
    canvas: OffscreenCanvas,
    options: Omit<LiveOptions, 'meshHandle'> & { mesh?: ModelHandle },
    onReport: (report: LiveReport) => void,
    onEnd: (error: string | null) => void,
  ): Promise<void> {
    const task = await this.faceHandles(detector, options);
    await this.call((api) =>
      api.startLive(
        task.handle,
        transfer(frames.feed, frames.transfer),
        transfer(canvas, [canvas]),
        task.options,
        proxy(onReport),
        proxy(onEnd),
      ),
    );
  }

  /** New live options; a new detector (another mode) or mesh model is loaded first. */
  async updateLive(
    detector: ModelHandle,
    options: Omit<LiveOptions, 'meshHandle'> & { mesh?: ModelHandle },
  ): Promise<void> {
    const task = await this.faceHandles(detector, options);
    await this.call((api) => api.updateLive(task.handle, task.options));
  }

  /** What the worker's engine offers (asked once: the engine does not change). */
  workerFeatures(): Promise<WorkerFeatures> {
    const features = (this.features ??= this.call((api) => api.features()));
    features.catch(() => (this.features = undefined));
    return features;
  }

  stopLive(): Promise<void> {
    return this.call((api) => api.stopLive());
  }

  /**
   * Starts a health measurement in the worker on a camera's frame stream: a heart-rate
   * measurement (face detector, and FaceMesh when given) or a workout (MoveNet). `frames` and
   * `canvas` move to the worker; reports come back per frame.
   */
  async startHealth(
    task:
      | { kind: 'vitals'; detector: ModelHandle; mesh?: ModelHandle }
      | { kind: 'reps'; pose: ModelHandle; exercise: Exercise },
    frames: FeedHandoff,
    canvas: OffscreenCanvas,
    view: HealthViewOptions,
    onReport: (report: HealthReport) => void,
    onEnd: (error: string | null) => void,
  ): Promise<void> {
    const handles: HealthTask =
      task.kind === 'vitals'
        ? {
            kind: 'vitals',
            detector: await this.workerHandle(task.detector),
            ...(task.mesh ? { mesh: await this.workerHandle(task.mesh) } : {}),
          }
        : { kind: 'reps', pose: await this.workerHandle(task.pose), exercise: task.exercise };
    await this.call((api) =>
      api.startHealth(
        handles,
        transfer(frames.feed, frames.transfer),
        transfer(canvas, [canvas]),
        view,
        proxy(onReport),
        proxy(onEnd),
      ),
    );
  }

  updateHealth(view: HealthViewOptions): Promise<void> {
    return this.call((api) => api.updateHealth(view));
  }

  stopHealth(): Promise<void> {
    return this.call((api) => api.stopHealth());
  }

  /** Loads a MarianMT translator from its files (fetched through the model store). */
  loadTranslator(
    files: TranslatorFiles,
    options: CallOptions & { backend?: Backend } = {},
  ): Promise<{ handle: number; backend: Backend }> {
    return this.throughStore(() =>
      this.call((api) => api.loadTranslator(files, options.backend), {
        timeoutMs: LOAD_WATCHDOG_MS,
        ...options,
      }),
    );
  }

  /**
   * Translates text in the worker; `onPartial` gets the output so far as it grows. The
   * watchdog allows for long texts (a sentence of 20 tokens takes well under a second on WASM).
   */
  translate(
    handle: number,
    text: string,
    options: CallOptions & { onPartial?: (text: string) => void } = {},
  ): Promise<Translation> {
    const { onPartial, ...call } = options;
    return this.call(
      (api, callId) => api.translate(handle, text, callId, onPartial ? proxy(onPartial) : undefined),
      { timeoutMs: TRANSLATE_WATCHDOG_MS + text.length * TRANSLATE_WATCHDOG_MS_PER_CHARACTER, ...call },
    );
  }

  /** Loads a Whisper transcriber from its files (fetched through the model store). */
  loadTranscriber(
    files: TranscriberFiles,
    options: CallOptions & { backend?: Backend } = {},
  ): Promise<{ handle: number; backend: Backend }> {
    return this.throughStore(() =>
      this.call((api) => api.loadTranscriber(files, options.backend), {
        timeoutMs: LOAD_WATCHDOG_MS,
        ...options,
      }),
    );
  }

  /**
   * Transcribes 16 kHz mono audio in the worker; `onPartial` gets the transcript so far as it
   * grows. The audio's buffer is transferred (the array is empty afterwards). The watchdog
   * grows with the audio's length.
   */
  transcribe(
    handle: number,
    audio: Float32Array,
    options: CallOptions & TranscribeOptions & { onPartial?: (text: string) => void } = {},
  ): Promise<Transcript> {
    const { onPartial, language, ...call } = options;
    const seconds = audio.length / TRANSCRIBE_SAMPLE_RATE;
    return this.call(
      (api, callId) =>
        api.transcribe(
          handle,
          transfer(audio, [audio.buffer as ArrayBuffer]),
          language === undefined ? {} : { language },
          callId,
          onPartial ? proxy(onPartial) : undefined,
        ),
      { timeoutMs: TRANSCRIBE_WATCHDOG_MS + seconds * TRANSCRIBE_WATCHDOG_MS_PER_AUDIO_SECOND, ...call },
    );
  }

  /** Breathing rate of a series measured on the page (the microphone's breath-sound envelope). */
  breathingRate(series: SeriesSample[], config?: Partial<BreathingConfig>): Promise<BreathingResult> {
    return this.call((api) => api.breathingRate(series, config));
  }

  async dispose(model: ModelHandle): Promise<void> {
    const entry = this.models.get(model.id);
    this.models.delete(model.id);
    if (entry && entry.workerHandle >= 0) await this.call((api) => api.dispose(entry.workerHandle));
  }

  /** Median round trip of a buffer through the bridge (transferred both ways), over `rounds` tries. */
  async bridgeRoundTripMs(bytes: number, rounds = 20): Promise<number> {
    const times: number[] = [];
    let buffer = new ArrayBuffer(bytes);
    for (let i = 0; i < rounds; i += 1) {
      const started = performance.now();
      buffer = await this.call((api) => api.echo(transfer(buffer, [buffer])));
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
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

  /** Test hooks, see InferenceApi. */
  debugHang(options: CallOptions = {}): Promise<never> {
    return this.call((api) => api.debugHang(), options);
  }

  /** Resolves after the worker crashed and was replaced. */
  debugCrash(): Promise<boolean> {
    const restarted = new Promise<boolean>((resolve) => {
      const stop = this.onRestart(() => {
        stop();
        resolve(true);
      });
    });
    void this.api.debugCrash();
    return restarted;
  }

  debugLoseDevice(): Promise<boolean> {
    return this.call((api) => api.debugLoseDevice());
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
