/**
 * onnxruntime-web engine: ONNX models on the WebGPU or WebAssembly execution provider.
 *
 * ORT is loaded at run time from our own origin (/runtime/ort/, copied there by the build and
 * precached), not bundled: its WebAssembly threads start workers from its own module URL,
 * which must be a real, same-origin file. Each session runs one call at a time.
 *
 * Each provider has its own build (ORT_BUILDS): the WebAssembly provider runs on the plain
 * build, the WebGPU provider on the JSEP build. The JSEP build runs the WebAssembly provider
 * too, but slower: opus-mt decoded 25.8 tokens/s on it against 59.8 on the plain build (one
 * thread, the bench's translate suite, same machine and hour).
 */
import type * as OrtModule from 'onnxruntime-web';
import { GOLDEN_INPUT, ONNX_SELF_TEST_TOLERANCE, goldenModel, goldenReference } from '../onnx-golden';
import { fetchModelBytes } from '../model-fetch';
import type { Backend, TensorData } from '../types';
import { currentThreadEnvironment, onnxThreadCount } from './tfjs-threads';

/** Where the build puts onnxruntime-web's modules and WebAssembly. */
export const ORT_BASE = '/runtime/ort/';

/** The onnxruntime-web module each provider runs on (each loads its own WebAssembly beside it). */
export const ORT_BUILDS = {
  /** Plain SIMD build: WebAssembly only, the fastest for it. */
  wasm: 'ort.wasm.min.mjs',
  /** JSEP build: WebGPU through JavaScript kernels (and WebAssembly, unused here). */
  webgpu: 'ort.min.mjs',
} as const satisfies Partial<Record<Backend, string>>;

type OnnxBackend = keyof typeof ORT_BUILDS;
type Ort = typeof OrtModule;
/** The builds loaded in this worker, by module file. */
const runtimes = new Map<string, Promise<Ort>>();
/** A thread count chosen before ORT loaded (benchmarks compare counts); null: the rule below. */
let threadsWanted: number | null = null;

/** ORT's WebAssembly threads in this worker (the rule is onnxThreadCount, with its reasons). */
export function wasmThreads(): number {
  return onnxThreadCount(currentThreadEnvironment(threadsWanted));
}

/**
 * Fixes the thread count (null: the default rule). ORT reads it once, when it loads, so this
 * must come before the first ONNX model of this worker; later it throws.
 */
export function setWasmThreads(threads: number | null): number {
  if (runtimes.size)
    throw new Error('onnxruntime-web is already loaded in this worker; set its threads first.');
  if (threads !== null && !(Number.isInteger(threads) && threads >= 1))
    throw new RangeError(`Threads must be a whole number from 1, got ${threads}.`);
  threadsWanted = threads;
  return wasmThreads();
}

/** Loads a provider's ORT build once per worker and points it at the self-hosted WebAssembly. */
function loadOrt(backend: OnnxBackend): Promise<Ort> {
  const file = ORT_BUILDS[backend];
  let runtime = runtimes.get(file);
  if (!runtime) {
    runtime = (import(/* @vite-ignore */ `${ORT_BASE}${file}`) as Promise<Ort>).then((ort) => {
      ort.env.wasm.wasmPaths = ORT_BASE;
      ort.env.wasm.numThreads = wasmThreads();
      ort.env.logLevel = 'error';
      return ort;
    });
    runtime.catch(() => runtimes.delete(file));
    runtimes.set(file, runtime);
  }
  return runtime;
}

/** ORT has no WebGL path worth using; its backends are WebGPU and WASM. */
export const ONNX_BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];

function isOnnxBackend(backend: Backend): backend is OnnxBackend {
  return ONNX_BACKENDS.includes(backend);
}

export interface OnnxModel {
  url: string;
  session: OrtModule.InferenceSession;
  /** The ORT build the session belongs to: its tensors are the ones the session takes. */
  ort: Ort;
  backend: Backend;
  /** The tail of this session's run queue: calls run strictly one after another. */
  queue: Promise<unknown>;
}

/**
 * Creates a session on one execution provider from the model's verified bytes (fetched here
 * when not given: ORT never fetches a model itself); throws if the provider cannot run it.
 */
export async function createOnnxSession(
  url: string,
  backend: Backend,
  bytes?: Uint8Array,
): Promise<OnnxModel> {
  if (!isOnnxBackend(backend)) throw new Error(`onnxruntime-web has no ${backend} backend here`);
  if (backend === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu || !(await gpu.requestAdapter().catch(() => null)))
      throw new Error('no WebGPU adapter is available');
  }
  const model = bytes ?? (await fetchModelBytes(url));
  const ort = await loadOrt(backend);
  await selfTest(ort, backend);
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  return { url, session, ort, backend, queue: Promise.resolve() };
}

const selfTests = new Map<Backend, Promise<void>>();

/** Runs the golden model once per provider; a provider that computes wrong is not used. */
function selfTest(ort: Ort, backend: Backend): Promise<void> {
  let test = selfTests.get(backend);
  if (!test) {
    test = (async () => {
      const session = await ort.InferenceSession.create(goldenModel(), { executionProviders: [backend] });
      try {
        const { y } = await session.run({
          x: new ort.Tensor('float32', GOLDEN_INPUT.slice(), [1, GOLDEN_INPUT.length]),
        });
        const actual = y!.data as Float32Array;
        const worst = goldenReference().reduce(
          (max, value, i) => Math.max(max, Math.abs(value - actual[i]!)),
          0,
        );
        if (!(worst <= ONNX_SELF_TEST_TOLERANCE)) {
          throw new Error(`its self-test output differs from the reference by ${worst.toPrecision(3)}`);
        }
      } finally {
        await session.release();
      }
    })();
    test.catch(() => selfTests.delete(backend));
    selfTests.set(backend, test);
  }
  return test;
}

function toOrtTensor(ort: Ort, input: TensorData): OrtModule.Tensor {
  return new ort.Tensor(input.dtype, input.data, input.shape);
}

function fromOrtTensor(tensor: OrtModule.Tensor): TensorData {
  const data = tensor.data;
  const shape = [...tensor.dims];
  return data instanceof BigInt64Array
    ? { dtype: 'int64', shape, data }
    : data instanceof Int32Array
      ? { dtype: 'int32', shape, data }
      : tensor.type === 'bool'
        ? { dtype: 'bool', shape, data: data as Uint8Array }
        : { dtype: 'float32', shape, data: data as Float32Array };
}

/** Runs a session on inputs by name; returns every output by name. */
export function runOnnxNamed(
  model: OnnxModel,
  inputs: Record<string, TensorData>,
): Promise<Record<string, TensorData>> {
  const run = model.queue.then(async () => {
    const { ort } = model;
    const feeds: Record<string, OrtModule.Tensor> = {};
    for (const name of model.session.inputNames) {
      const input = inputs[name];
      if (!input) throw new Error(`Missing input "${name}" for this model.`);
      feeds[name] = toOrtTensor(ort, input);
    }
    const results = await model.session.run(feeds);
    const outputs: Record<string, TensorData> = {};
    for (const name of model.session.outputNames) {
      const tensor = results[name]!;
      outputs[name] = fromOrtTensor(tensor);
      tensor.dispose();
    }
    return outputs;
  });
  model.queue = run.catch(() => undefined);
  return run;
}

/** Runs a session with inputs in the session's input order; outputs in its output order. */
export async function runOnnx(model: OnnxModel, inputs: TensorData[]): Promise<TensorData[]> {
  const named: Record<string, TensorData> = {};
  model.session.inputNames.forEach((name, i) => {
    const input = inputs[i];
    if (!input) throw new Error(`Missing input "${name}" for this model.`);
    named[name] = input;
  });
  const outputs = await runOnnxNamed(model, named);
  return model.session.outputNames.map((name) => outputs[name]!);
}

/** Zero inputs of the declared shapes (dynamic dims as 1): first-run costs happen at load time. */
export async function warmUpOnnx(model: OnnxModel, inputs: TensorData[]): Promise<void> {
  await runOnnx(model, inputs);
}

export async function releaseOnnx(model: OnnxModel): Promise<void> {
  await model.queue;
  await model.session.release();
}

/**
 * Builds a model's object (a translator, a transcriber) over its ONNX sessions. When building
 * throws (a config it cannot read), the sessions are released, and the error goes on: nothing
 * else holds them.
 */
export async function buildOverSessions<T>(
  sessions: readonly OnnxModel[],
  build: () => T,
  release: (model: OnnxModel) => Promise<void> = releaseOnnx,
): Promise<T> {
  try {
    return build();
  } catch (error) {
    await Promise.all(sessions.map((session) => release(session).catch(() => undefined)));
    throw error;
  }
}
