/**
 * The model calls: load a model (tfjs or ONNX) on the best backend that takes it, run it, and
 * release it; abort a call; the worker's memory and thread count. Every other feature runs its
 * models through `modelCalls.run`.
 *
 * It never returns output from a backend it no longer trusts: when the WebGPU device is lost,
 * the result of that run is dropped, the backend is rebuilt (or the next one chosen), the
 * models are loaded again, and the run is repeated.
 */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import {
  backendOrder,
  chooseAfterDeviceLoss,
  chooseBackend,
  fellBackFrom,
  needsActivation,
} from '../backends';
import { hintedOrder, type AutoOrder } from '../../shared/backend-speed';
import { probeRenderers } from '../../shared/renderers';
import {
  ONNX_BACKENDS,
  createOnnxSession,
  releaseOnnx,
  runOnnx,
  setWasmThreads,
  warmUpOnnx,
  type OnnxModel,
} from '../engines/onnx';
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
} from '../engines/tfjs';
import { wasmMemoryBytes } from '../../features/bench/worker/wasm-memories';
import { fetchModelBytes, isModelFetchError } from '../model-fetch';
import {
  addHandle,
  findHandle,
  getHandle,
  handlesOf,
  releaseHandle,
  replaceHandle,
  type HandleKind,
} from '../handles';
import { abortCall, abortError, takeAborted } from '../cancel';
import type { Backend, SkippedBackend, TensorData, WorkerEvent } from '../bridge-types';
import type { LoadRequest, LoadedModel, ModelCalls } from './models-types';
import { errorMessage } from '../../shared/errors';
import { evaluationBegan } from '../harden';

/** A tfjs graph model the page loaded. */
interface Loaded {
  url: string;
  model: GraphModel;
  /** The backend the model's weights live on; null once disposed (it loads again on first use). */
  backend: Backend | null;
  /** The backend the person forced for it, if any. */
  forced?: Backend;
}

/** An ONNX session; each has its own execution provider. */
interface OnnxLoaded {
  session: OnnxModel;
  /** Set when its WebGPU runs failed and it moved to WebAssembly: from what, and why. */
  fellBack?: SkippedBackend;
}

const TFJS_MODEL: HandleKind<Loaded> = {
  noun: 'Model',
  release: (loaded) => {
    if (loaded.backend) loaded.model.dispose();
  },
};
const ONNX_MODEL: HandleKind<OnnxLoaded> = {
  noun: 'Model',
  release: (loaded) => releaseOnnx(loaded.session),
};

/** When this worker's modules had all evaluated (ms since the epoch): its start-up cost, for profiles. */
const readyAt = performance.timeOrigin + performance.now();
const timeline = (loadCalled: number) => ({
  began: performance.timeOrigin,
  evaluating: evaluationBegan,
  ready: readyAt,
  loadCalled,
});

let deviceLost = false;
let skippedAtStart: SkippedBackend[] = [];

/** The tfjs backends in the order last activated (forced first, or the automatic order), and why. */
let tfjsOrder: AutoOrder = { order: backendOrder(), reason: '' };

/**
 * The order to try: a forced backend first (then the rest, so the app still works; no reason),
 * else the page's measured order, else the quick hint from this device's GPU renderers.
 */
export async function orderFor(forced: Backend | undefined, auto: AutoOrder | undefined): Promise<AutoOrder> {
  if (forced) return { order: backendOrder(forced), reason: '' };
  return auto ?? hintedOrder(await probeRenderers());
}

export const onnxOnly = (order: readonly Backend[]) => order.filter((b) => ONNX_BACKENDS.includes(b));

/** The backend tfjs models run on now (WebAssembly before any has started). */
export const tfjsBackendNow = (): Backend => activeTfjsBackend() ?? 'wasm';

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
  const handle = addHandle(ONNX_MODEL, { session: model! });
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
  if (!needsActivation(active, deviceLost, forced, skippedAtStart))
    return { backend: active!, skipped: skippedAtStart, initMs: 0 };
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
  for (const loaded of handlesOf(TFJS_MODEL)) {
    if (loaded.backend) loaded.model.dispose();
    loaded.backend = null;
  }
}

export function logSkipped(emit: (event: WorkerEvent) => void, skipped: SkippedBackend[]): void {
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

/** Runs an ONNX model; a WebGPU run that fails (a lost device, an unsupported kernel) moves it to WASM and runs again. */
async function runOnnxModel(
  handle: number,
  loaded: OnnxLoaded,
  inputs: TensorData[],
  callId: number,
  emit: (event: WorkerEvent) => void,
) {
  if (takeAborted(callId)) throw abortError();
  const started = performance.now();
  let session = loaded.session;
  let outputs: TensorData[];
  try {
    outputs = await runOnnx(session, inputs);
  } catch (error) {
    if (session.backend !== 'webgpu') throw error;
    const reason = errorMessage(error);
    emit({
      type: 'log',
      level: 'warn',
      message: `WebGPU run failed (${reason}); moving this model to WebAssembly.`,
    });
    await releaseOnnx(session).catch(() => undefined);
    session = await createOnnxSession(session.url, 'wasm');
    replaceHandle(handle, ONNX_MODEL, {
      session,
      fellBack: { backend: 'webgpu', reason: `its run failed (${reason})` },
    });
    outputs = await runOnnx(session, inputs);
  }
  if (takeAborted(callId)) throw abortError();
  const fellBack = findHandle(handle, ONNX_MODEL)?.fellBack;
  return {
    outputs,
    backend: session.backend,
    ms: performance.now() - started,
    ...(fellBack && { fellBack }),
  };
}

export const modelCalls: ModelCalls = {
  async load(request, onEvent) {
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
        const handle = addHandle(TFJS_MODEL, { url: request.url, model, backend, forced: request.backend });
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

  async run(handle, inputs, callId, onEvent) {
    const emit = (event: WorkerEvent) => void Promise.resolve(onEvent?.(event)).catch(() => undefined);
    const onnx = findHandle(handle, ONNX_MODEL);
    if (onnx) return runOnnxModel(handle, onnx, inputs, callId, emit);
    const loaded = getHandle(handle, TFJS_MODEL);
    for (let attempt = 0; ; attempt += 1) {
      if (takeAborted(callId)) throw abortError();
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
      if (takeAborted(callId)) throw abortError();
      const backend = activeTfjsBackend()!;
      const fellBack = fellBackFrom(loaded.forced, backend, skippedAtStart);
      return { outputs, backend, ms, ...(fellBack && { fellBack }) };
    }
  },

  dispose: releaseHandle,

  abort: abortCall,

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
};
