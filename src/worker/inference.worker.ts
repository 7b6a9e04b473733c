/**
 * The one inference worker. Pages reach it only through src/runtime/inference-client.ts
 * (Comlink). Models are fetched by URL, so the service worker's model store serves them.
 *
 * It never returns output from a backend it no longer trusts: when the WebGPU device is lost,
 * the result of that run is dropped, the backend is rebuilt (or the next one chosen), the
 * models are loaded again, and the run is repeated.
 */
// Must stay the first import: the Trusted Types default policy exists before any engine loads.
import './harden';
import { expose, transfer, transferHandlers } from 'comlink';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { backendOrder, chooseAfterDeviceLoss, chooseBackend, fellBackFrom } from './backends';
import { hintedOrder, type AutoOrder } from '../shared/backend-speed';
import { probeRenderers } from '../shared/renderers';
import {
  ONNX_BACKENDS,
  createOnnxSession,
  buildOverSessions,
  releaseOnnx,
  runOnnx,
  runOnnxNamed,
  setWasmThreads,
  warmUpOnnx,
  type OnnxModel,
} from './engines/onnx';
import {
  activateTfjs,
  activeTfjsBackend,
  discardTfjsBackend,
  loadTfjsModel,
  runTfjs,
  tfjsMemory,
  tfjsWasmThreads,
  setTfjsWasmThreads,
  warmUp,
  webgpuDevice,
} from './engines/tfjs';
import { preserveAppErrors } from '../shared/comlink-errors';
import { wasmMemoryBytes, watchWasmMemories } from '../features/bench/worker/wasm-memories';
import { decodePhoto } from '../features/face/worker/decode-photo';
import { detectFaces, faceMeshes, type ModelRunner } from '../features/face/worker/detect-faces';
import { LiveLoop } from '../features/face/worker/live-loop';
import { estimateBreathingRate } from '../features/health/worker/breathing';
import { RepsAnalyser } from '../features/health/worker/reps-analyser';
import { MarianTranslator } from '../features/translate/worker/marian';
import { WhisperTranscriber } from '../features/translate/worker/whisper';
import { VitalsAnalyser } from '../features/health/worker/vitals-analyser';
import type { HealthViewOptions } from '../features/health/shared/types';
import type { NamedRunner } from '../features/translate/worker/seq2seq';
import { CameraLoop, type FrameStep } from './camera-loop';
import { openFeed, workerTrackProcessor } from './frame-feed';
import { fetchModelBytes, fetchModelJson, isModelFetchError } from './model-fetch';
import type { FrameSource } from '../features/face/worker/pixels';
import type { FaceTaskOptions } from '../features/face/shared/types';
import type {
  Backend,
  FaceTaskResult,
  InferenceApi,
  LoadedModel,
  LoadRequest,
  RunResult,
  SkippedBackend,
  TensorData,
  TranslatorFiles,
  WorkerEvent,
} from './types';
import { errorMessage } from '../shared/errors';

interface Loaded {
  url: string;
  model: GraphModel;
  /** The backend the model's weights live on; null once disposed (it loads again on first use). */
  backend: Backend | null;
  /** The backend the person forced for it, if any. */
  forced?: Backend;
}

/** ONNX sessions live beside the tfjs models; each has its own execution provider. */
/** When this worker's modules had all evaluated (ms since the epoch): its start-up cost, for profiles. */
const readyAt = performance.timeOrigin + performance.now();
const timeline = (loadCalled: number) => ({ began: performance.timeOrigin, ready: readyAt, loadCalled });

const onnxModels = new Map<number, OnnxModel>();
/** ONNX models whose WebGPU runs failed and moved to WebAssembly, with the reason. */
const onnxFellBack = new Map<number, SkippedBackend>();

async function loadOnnx(request: LoadRequest, emit: (event: WorkerEvent) => void): Promise<LoadedModel> {
  let model: OnnxModel | undefined;
  const started = performance.now();
  // Fetched and verified once, before any backend: a bad file fails with its own error, on none.
  const bytes = await fetchModelBytes(request.url);
  const { order, reason } = await orderFor(request.backend, request.auto);
  const { backend, skipped } = await chooseBackend(onnxOnly(order), async (candidate) => {
    model = await createOnnxSession(request.url, candidate, bytes);
  });
  const initMs = performance.now() - started;
  logSkipped(emit, skipped);
  emit({ type: 'progress', stage: 'warmup', backend });
  const startedWarmup = performance.now();
  if (request.warmupInputs) await warmUpOnnx(model!, request.warmupInputs);
  const handle = nextHandle++;
  onnxModels.set(handle, model!);
  return {
    handle,
    backend,
    skipped,
    ...(reason && { chosenBecause: reason }),
    initMs,
    loadMs: 0,
    warmupMs: performance.now() - startedWarmup,
    inputs: model!.session.inputNames.map((name) => ({ name, shape: [], dtype: 'unknown' })),
  };
}

const models = new Map<number, Loaded>();
/** Translators: a Marian model's two sessions and its tokenizer, by handle. */
const translators = new Map<number, { translator: MarianTranslator; sessions: OnnxModel[] }>();
/** Transcribers: a Whisper model's two sessions and its tokenizer, by handle. */
const transcribers = new Map<number, { transcriber: WhisperTranscriber; sessions: OnnxModel[] }>();
/** Long calls that stop mid-way (translation, transcription) register here so abort() reaches them at once. */
const cancellers = new Map<number, AbortController>();
const aborted = new Set<number>();
let nextHandle = 1;
let deviceLost = false;
let skippedAtStart: SkippedBackend[] = [];

function abortError(): DOMException {
  return new DOMException('The call was cancelled.', 'AbortError');
}

/** The tfjs backends in the order last activated (forced first, or the automatic order), and why. */
let tfjsOrder: AutoOrder = { order: backendOrder(), reason: '' };

/**
 * The order to try: a forced backend first (then the rest, so the app still works; no reason),
 * else the page's measured order, else the quick hint from this device's GPU renderers.
 */
async function orderFor(forced: Backend | undefined, auto: AutoOrder | undefined): Promise<AutoOrder> {
  if (forced) return { order: backendOrder(forced), reason: '' };
  return auto ?? hintedOrder(await probeRenderers());
}

const onnxOnly = (order: readonly Backend[]) => order.filter((b) => ONNX_BACKENDS.includes(b));

/** Activates a backend (forced first, else the automatic order) and watches a WebGPU device for loss. */
async function activate(order: AutoOrder): Promise<{ backend: Backend; skipped: SkippedBackend[] }> {
  const choice = await chooseBackend(order.order, activateTfjs);
  tfjsOrder = order;
  watchDevice();
  return choice;
}

/** Marks the device lost when the active backend's WebGPU device goes. */
function watchDevice(): void {
  deviceLost = false;
  const device = webgpuDevice();
  void device?.lost.then(() => (deviceLost = true));
}

/** A backend being activated: loads that arrive meanwhile wait for it rather than start another. */
let switching: Promise<unknown> | null = null;

async function ensureBackend(
  forced?: Backend,
  auto?: AutoOrder,
): Promise<{ backend: Backend; skipped: SkippedBackend[]; initMs: number }> {
  const started = performance.now();
  while (switching) await switching.catch(() => undefined);
  const active = activeTfjsBackend();
  if (active && !deviceLost && (!forced || forced === active))
    return { backend: active, skipped: skippedAtStart, initMs: 0 };
  const change = (async () => {
    if (active) disposeAll();
    const { backend, skipped } = await activate(await orderFor(forced, auto));
    skippedAtStart = skipped;
    return { backend, skipped, initMs: performance.now() - started };
  })();
  switching = change;
  try {
    return await change;
  } finally {
    if (switching === change) switching = null;
  }
}

/** Frees every tfjs model's weights; each loads again on the active backend at its next run. */
function disposeAll(): void {
  for (const loaded of models.values()) {
    if (loaded.backend) loaded.model.dispose();
    loaded.backend = null;
  }
}

function logSkipped(emit: (event: WorkerEvent) => void, skipped: SkippedBackend[]): void {
  for (const skip of skipped)
    emit({ type: 'log', level: 'warn', message: `Skipped ${skip.backend}: ${skip.reason}` });
}

/** Loads a model again on the active backend (after a backend switch or a device loss). */
async function reload(loaded: Loaded): Promise<void> {
  loaded.model = await loadTfjsModel(loaded.url);
  await warmUp(loaded.model);
  loaded.backend = activeTfjsBackend()!;
}

/**
 * After a device loss: the lost backend is rebuilt on a new device (the forced backend still
 * comes first); another backend is chosen only when that fails, and that is said. Models reload
 * on the result as they run.
 */
async function recover(emit: (event: WorkerEvent) => void): Promise<void> {
  disposeAll();
  const lostOn = activeTfjsBackend();
  const { backend, skipped } = await chooseAfterDeviceLoss(
    tfjsOrder.order,
    lostOn,
    discardTfjsBackend,
    activateTfjs,
  );
  watchDevice();
  skippedAtStart = skipped;
  if (backend === lostOn) {
    emit({ type: 'log', level: 'info', message: `Rebuilt ${backend} on a new GPU device.` });
    return;
  }
  const why = skipped.find((s) => s.backend === lostOn)?.reason;
  emit({
    type: 'log',
    level: 'warn',
    message: `Running on ${backend} after the GPU device was lost${why ? `: ${lostOn} ${why}` : ''}.`,
  });
}

/** Face detection (and the mesh when asked) on one frame; the caller owns the frame and closes it. */
async function faceTask(
  handle: number,
  frame: FrameSource,
  options: FaceTaskOptions,
  callId: number,
): Promise<FaceTaskResult> {
  let backend: Backend = activeTfjsBackend() ?? 'wasm';
  let fellBack: SkippedBackend | undefined;
  const runModel: ModelRunner = async (model, inputs) => {
    if (aborted.has(callId)) throw abortError();
    const result = await api.run(model, inputs, 0);
    backend = result.backend;
    fellBack ??= result.fellBack;
    return result.outputs;
  };
  try {
    const result = await detectFaces(runModel, handle, frame, options);
    if (options.meshHandle !== undefined && result.faces.length > 0) {
      const started = performance.now();
      result.meshes = await faceMeshes(runModel, options.meshHandle, frame, result.faces);
      result.timings.mesh = performance.now() - started;
    }
    if (aborted.delete(callId)) throw abortError();
    return { ...result, backend, ...(fellBack && { fellBack }) };
  } finally {
    aborted.delete(callId);
  }
}

/** The one live camera loop this worker runs, if any. */
let live: LiveLoop | null = null;
/** The one health measurement this worker runs, if any, and the view options it draws with. */
let health: { loop: CameraLoop; view: HealthViewOptions } | null = null;

/**
 * An encoder and a merged decoder on the first ONNX backend that takes both, with the model's
 * JSON files (tokenizer, configs) parsed in the order given, and the model built over them by
 * `build` (a translator, a transcriber); a model that cannot be built releases both sessions.
 */
async function loadEncoderDecoder<T>(
  files: TranslatorFiles,
  jsonUrls: string[],
  forced: Backend | undefined,
  build: (encoder: NamedRunner, decoder: NamedRunner, json: object[]) => T,
): Promise<{ backend: Backend; model: T; sessions: OnnxModel[] }> {
  const order = onnxOnly((await orderFor(forced, undefined)).order);
  // Every file fetched and verified before any backend is tried: a bad file fails as itself.
  const [encoderBytes, decoderBytes, json] = await Promise.all([
    fetchModelBytes(files.encoder),
    fetchModelBytes(files.decoder),
    Promise.all(jsonUrls.map(fetchModelJson)),
  ]);
  let sessions: [OnnxModel, OnnxModel] | undefined;
  const { backend } = await chooseBackend(order, async (candidate) => {
    const encoder = await createOnnxSession(files.encoder, candidate, encoderBytes);
    try {
      sessions = [encoder, await createOnnxSession(files.decoder, candidate, decoderBytes)];
    } catch (error) {
      // The next backend gets both sessions afresh; this one's encoder is not kept.
      await releaseOnnx(encoder).catch(() => undefined);
      throw error;
    }
  });
  const [encoder, decoder] = sessions!;
  const model = await buildOverSessions([encoder, decoder], () =>
    build(
      (inputs) => runOnnxNamed(encoder, inputs),
      (inputs) => runOnnxNamed(decoder, inputs),
      json,
    ),
  );
  return { backend, model, sessions: [encoder, decoder] };
}


/**
 * Runs a long call that `abort(callId)` can stop, even when the abort arrived first (the page
 * may cancel before the call reaches the worker).
 */
async function cancellable<T>(callId: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  cancellers.set(callId, controller);
  if (aborted.delete(callId)) controller.abort();
  try {
    return await run(controller.signal);
  } finally {
    cancellers.delete(callId);
  }
}

/** A page callback for partial text: fire and forget, and a page that went away is no error. */
function forwardPartial(onPartial?: (text: string) => void): ((text: string) => void) | undefined {
  return onPartial && ((partial) => void Promise.resolve(onPartial(partial)).catch(() => undefined));
}

const api: InferenceApi = {
  async load(request: LoadRequest, onEvent?: (event: WorkerEvent) => void): Promise<LoadedModel> {
    const loadCalled = performance.timeOrigin + performance.now();
    const emit = (event: WorkerEvent) => void Promise.resolve(onEvent?.(event)).catch(() => undefined);
    emit({ type: 'progress', stage: 'backend' });
    if (request.engine === 'onnx') return loadOnnx(request, emit);
    let { backend, skipped, initMs } = await ensureBackend(request.backend, request.auto);
    logSkipped(emit, skipped);
    // A model that does not fit a backend (unsupported op, out of memory) moves to the next one.
    for (;;) {
      try {
        emit({ type: 'progress', stage: 'fetch', backend });
        const startedLoad = performance.now();
        const model = await loadTfjsModel(request.url);
        const loadMs = performance.now() - startedLoad;
        emit({ type: 'progress', stage: 'warmup', backend });
        const startedWarmup = performance.now();
        try {
          await warmUp(model);
        } catch (error) {
          model.dispose();
          throw error;
        }
        const handle = nextHandle++;
        models.set(handle, { url: request.url, model, backend, forced: request.backend });
        return {
          handle,
          backend,
          skipped,
          ...(!request.backend && tfjsOrder.reason && { chosenBecause: tfjsOrder.reason }),
          initMs,
          loadMs,
          warmupMs: performance.now() - startedWarmup,
          ...(backend === 'wasm' && tfjsWasmThreads() ? { threads: tfjsWasmThreads()!.threads } : {}),
          workerTimeline: timeline(loadCalled),
          inputs: model.inputs.map((input) => ({
            name: input.name,
            shape: input.shape ?? [],
            dtype: input.dtype,
          })),
        };
      } catch (error) {
        const rest = tfjsOrder.order.slice(tfjsOrder.order.indexOf(backend) + 1);
        if (rest.length === 0 || isModelFetchError(error)) throw error;
        const reason = `the model failed on it: ${errorMessage(error)}`;
        emit({
          type: 'log',
          level: 'warn',
          message: `Moving from ${backend} to the next backend: ${reason}`,
        });
        disposeAll();
        const next = await chooseBackend(rest, activateTfjs);
        skipped = [...skipped, { backend, reason }, ...next.skipped];
        skippedAtStart = skipped;
        backend = next.backend;
        initMs = 0;
      }
    }
  },

  async run(
    handle: number,
    inputs: TensorData[],
    callId: number,
    onEvent?: (event: WorkerEvent) => void,
  ): Promise<RunResult> {
    const emit = (event: WorkerEvent) => void Promise.resolve(onEvent?.(event)).catch(() => undefined);
    let session = onnxModels.get(handle);
    if (session) {
      if (aborted.delete(callId)) throw abortError();
      const started = performance.now();
      let outputs: TensorData[];
      try {
        outputs = await runOnnx(session, inputs);
      } catch (error) {
        // A WebGPU run that fails (a lost device, an unsupported kernel) falls back to WASM and runs again.
        if (session.backend !== 'webgpu') throw error;
        const reason = errorMessage(error);
        emit({
          type: 'log',
          level: 'warn',
          message: `WebGPU run failed (${reason}); moving this model to WebAssembly.`,
        });
        await releaseOnnx(session).catch(() => undefined);
        session = await createOnnxSession(session.url, 'wasm');
        onnxModels.set(handle, session);
        onnxFellBack.set(handle, { backend: 'webgpu', reason: `its run failed (${reason})` });
        outputs = await runOnnx(session, inputs);
      }
      if (aborted.delete(callId)) throw abortError();
      const fellBack = onnxFellBack.get(handle);
      return {
        outputs,
        backend: session.backend,
        ms: performance.now() - started,
        ...(fellBack && { fellBack }),
      };
    }
    const loaded = models.get(handle);
    if (!loaded)
      throw new Error(`Model ${handle} is not loaded in this worker (it may have restarted). Load it again.`);
    for (let attempt = 0; ; attempt += 1) {
      if (aborted.delete(callId)) throw abortError();
      if (deviceLost) {
        emit({
          type: 'log',
          level: 'warn',
          message: 'The GPU device was lost; rebuilding the backend and running again.',
        });
        await recover(emit);
      }
      if (loaded.backend !== activeTfjsBackend()) await reload(loaded);
      const started = performance.now();
      const outputs = await runTfjs(loaded.model, inputs);
      const ms = performance.now() - started;
      // Output computed on a device that was lost meanwhile is not trusted: rebuild and run again.
      if (deviceLost && attempt < 2) continue;
      if (aborted.delete(callId)) throw abortError();
      const backend = activeTfjsBackend()!;
      const fellBack = fellBackFrom(loaded.forced, backend, skippedAtStart);
      return { outputs, backend, ms, ...(fellBack && { fellBack }) };
    }
  },

  async detectFaces(handle, frame, options, callId) {
    try {
      return await faceTask(handle, frame, options, callId);
    } finally {
      frame.close();
    }
  },

  async detectPhoto(handle, photo, name, options, callId) {
    const { bitmap, sourceWidth, sourceHeight } = await decodePhoto(photo, name);
    try {
      // The detector draws from a copy: a bitmap a worker canvas has read becomes slow for the page
      // to draw (measured: 500–600 ms main-thread tasks on a 2048-pixel photo), the untouched one is not.
      const copy = await createImageBitmap(bitmap);
      const result = await faceTask(handle, copy, options, callId).finally(() => copy.close());
      return transfer({ result, bitmap, sourceWidth, sourceHeight }, [bitmap]);
    } catch (error) {
      bitmap.close();
      throw error;
    }
  },

  async startLive(detector, frames, canvas, options, onReport, onEnd) {
    live?.stop();
    const run: ModelRunner = async (model, inputs) => (await api.run(model, inputs, 0)).outputs;
    const loop = new LiveLoop(
      run,
      detector,
      openFeed(frames),
      canvas,
      options,
      (report) => void Promise.resolve(onReport(report)).catch(() => undefined),
      () => activeTfjsBackend() ?? 'wasm',
    );
    live = loop;
    loop.done
      .then(
        () => onEnd(null),
        (error: unknown) => onEnd(errorMessage(error)),
      )
      .catch(() => undefined)
      .finally(() => {
        if (live === loop) live = null;
      });
  },

  async updateLive(detector, options) {
    live?.update(detector, options);
  },

  async stopLive() {
    const loop = live;
    live = null;
    loop?.stop();
    await loop?.done.catch(() => undefined);
  },

  async startHealth(task, frames, canvas, view, onReport, onEnd) {
    await api.stopHealth();
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('The overlay canvas has no 2D context.');
    const run: ModelRunner = async (model, inputs) => (await api.run(model, inputs, 0)).outputs;
    const backend = () => activeTfjsBackend() ?? 'wasm';
    const send: typeof onReport = (report) => void Promise.resolve(onReport(report)).catch(() => undefined);
    const state = { loop: null as unknown as CameraLoop, view };
    let step: FrameStep;
    if (task.kind === 'vitals') {
      const analyser = new VitalsAnalyser(run, task, backend);
      step = async (frame, dropped) =>
        send({ kind: 'vitals', report: await analyser.frame(frame, ctx, state.view, dropped) });
    } else {
      const analyser = new RepsAnalyser(run, task.pose, task.exercise, backend);
      step = async (frame, dropped) =>
        send({ kind: 'reps', report: await analyser.frame(frame, ctx, state.view, dropped) });
    }
    const loop = new CameraLoop(openFeed(frames), step);
    state.loop = loop;
    health = state;
    loop.done
      .then(
        () => onEnd(null),
        (error: unknown) => onEnd(errorMessage(error)),
      )
      .catch(() => undefined)
      .finally(() => {
        if (health?.loop === loop) health = null;
      });
  },

  async updateHealth(view) {
    if (health) health.view = view;
  },

  async stopHealth() {
    const running = health;
    health = null;
    running?.loop.stop();
    await running?.loop.done.catch(() => undefined);
  },

  async loadTranslator(files, forced) {
    const { backend, model, sessions } = await loadEncoderDecoder(
      files,
      [files.tokenizer, files.tokenizerConfig, files.config, files.generationConfig],
      forced,
      (encoder, decoder, [tokenizer, tokenizerConfig, config, generationConfig]) =>
        MarianTranslator.fromFiles(encoder, decoder, {
          tokenizer: tokenizer!,
          tokenizerConfig: tokenizerConfig!,
          config: config!,
          generationConfig: generationConfig!,
        }),
    );
    const handle = nextHandle++;
    translators.set(handle, { translator: model, sessions });
    return { handle, backend };
  },

  async translate(handle, text, callId, onPartial) {
    const loaded = translators.get(handle);
    if (!loaded)
      throw new Error(
        `Translator ${handle} is not loaded in this worker (it may have restarted). Load it again.`,
      );
    return cancellable(callId, (signal) =>
      loaded.translator.translate(text, { signal, onPartial: forwardPartial(onPartial) }),
    );
  },

  async loadTranscriber(files, forced) {
    const { backend, model, sessions } = await loadEncoderDecoder(
      files,
      [
        files.tokenizer,
        files.tokenizerConfig,
        files.config,
        files.generationConfig,
        files.preprocessorConfig,
      ],
      forced,
      (encoder, decoder, [tokenizer, tokenizerConfig, config, generationConfig, preprocessorConfig]) =>
        WhisperTranscriber.fromFiles(encoder, decoder, {
          tokenizer: tokenizer!,
          tokenizerConfig: tokenizerConfig!,
          config: config!,
          generationConfig: generationConfig!,
          preprocessorConfig: preprocessorConfig!,
        }),
    );
    const handle = nextHandle++;
    transcribers.set(handle, { transcriber: model, sessions });
    return { handle, backend };
  },

  async transcribe(handle, audio, options, callId, onPartial) {
    const loaded = transcribers.get(handle);
    if (!loaded)
      throw new Error(
        `Transcriber ${handle} is not loaded in this worker (it may have restarted). Load it again.`,
      );
    return cancellable(callId, (signal) =>
      loaded.transcriber.transcribe(audio, { ...options, signal, onPartial: forwardPartial(onPartial) }),
    );
  },

  async breathingRate(series, config) {
    return estimateBreathingRate(series, config);
  },

  async echo(buffer: ArrayBuffer): Promise<ArrayBuffer> {
    return transfer(buffer, [buffer]);
  },

  async dispose(handle: number): Promise<void> {
    const translator = translators.get(handle);
    translators.delete(handle);
    if (translator) await Promise.all(translator.sessions.map(releaseOnnx));
    const transcriber = transcribers.get(handle);
    transcribers.delete(handle);
    if (transcriber) await Promise.all(transcriber.sessions.map(releaseOnnx));
    const session = onnxModels.get(handle);
    onnxModels.delete(handle);
    onnxFellBack.delete(handle);
    if (session) await releaseOnnx(session);
    models.get(handle)?.model.dispose();
    models.delete(handle);
  },

  abort(callId: number): void {
    const canceller = cancellers.get(callId);
    if (canceller) canceller.abort();
    else aborted.add(callId);
  },

  memory() {
    const backend = activeTfjsBackend();
    // With no tfjs backend yet (an ONNX-only worker), tf.memory() would start one or throw.
    const tfjs = backend ? tfjsMemory() : { tensors: 0, bytes: 0, wasmHeapBytes: null };
    const threading = tfjsWasmThreads();
    return {
      backend,
      ...tfjs,
      wasmMemoryBytes: wasmMemoryBytes(),
      wasmThreads: threading?.threads ?? null,
      wasmThreadsNote: threading?.note ?? null,
    };
  },

  setWasmThreads(threads) {
    setTfjsWasmThreads(threads);
    return setWasmThreads(threads);
  },

  debugHang(): Promise<never> {
    return new Promise<never>(() => undefined);
  },

  debugCrash(): void {
    setTimeout(() => {
      throw new Error('Simulated crash of the inference worker');
    });
  },

  async features() {
    return { trackProcessor: workerTrackProcessor() !== null };
  },

  async debugLoseDevice(): Promise<boolean> {
    const device = webgpuDevice();
    if (!device) return false;
    device.destroy();
    await device.lost;
    return true;
  },
};

preserveAppErrors(transferHandlers);
// Before ORT loads: its WebAssembly memory is reachable only as it is made.
watchWasmMemories();
expose(api);
