/**
 * The backend check behind the Bench page: the same BlazeFace input on each backend, timed,
 * with the scores compared against WebAssembly (the reference). Each backend gets its own
 * worker, forced to it, so one backend's state cannot leak into another's numbers.
 */
import { defaultVariantOf, type Registry } from '../shared/model-registry';
import type { Backend, LoadedModel, TensorData } from '../worker/types';
import { InferenceClient } from './inference-client';

/** The model the diagnostics panel runs: small, bundled, and used by the face demo. */
export const CHECK_MODEL_ID = 'blazeface-short';

/** One model the check runs on each of its engine's backends. */
export interface CheckSpec {
  modelId: string;
  label: string;
  engine: 'tfjs' | 'onnx';
  /** WASM first: it is the reference the others are compared with. */
  backends: readonly Backend[];
  /** Compare only score outputs (last dimension 1, after a sigmoid) or every output value. */
  compare: 'scores' | 'all';
  inputs(shape: number[]): TensorData[];
}

/** An image-like int32 input in 0–255 (MoveNet takes pixels as int32). */
function imageInt32(shape: number[]): TensorData {
  const { data } = checkInput(shape) as { data: Float32Array };
  return { dtype: 'int32', shape, data: Int32Array.from(data, (v) => Math.round((v + 1) * 127.5)) };
}

/** A 512-sample window of a 220 Hz tone at 16 kHz, with Silero's zero state. */
function vadInputs(): TensorData[] {
  const audio = Float32Array.from(
    { length: 512 },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16_000),
  );
  return [
    { dtype: 'float32', shape: [1, 512], data: audio },
    { dtype: 'float32', shape: [2, 1, 128], data: new Float32Array(256) },
    { dtype: 'int64', shape: [], data: BigInt64Array.from([16_000n]) },
  ];
}

/** A TensorFlow.js model's check: on each of the engine's backends, WASM first, with one image-like input. */
const tfjsCheck = (
  modelId: string,
  label: string,
  compare: CheckSpec['compare'],
  input: (shape: number[]) => TensorData,
): CheckSpec => ({
  modelId,
  label,
  engine: 'tfjs',
  backends: ['wasm', 'webgl', 'webgpu'],
  compare,
  inputs: (shape) => [input(shape)],
});

export const CHECKS: readonly CheckSpec[] = [
  tfjsCheck('blazeface-short', 'BlazeFace short range (TensorFlow.js)', 'scores', checkInput),
  tfjsCheck('movenet-lightning', 'MoveNet Lightning (TensorFlow.js)', 'all', imageInt32),
  {
    modelId: 'silero-vad',
    label: 'Silero VAD (onnxruntime-web)',
    engine: 'onnx',
    backends: ['wasm', 'webgpu'],
    compare: 'all',
    inputs: vadInputs,
  },
];
/** Timed runs after warm-up; kept small because GPU backends run in software on some machines. */
export const CHECK_RUNS = 5;

export interface BackendReport {
  modelId: string;
  requested: Backend;
  /** The backend that actually ran (differs when the requested one failed). */
  ran: Backend;
  fellBack: string | null;
  initMs: number;
  warmupMs: number;
  medianMs: number;
  /** Largest difference against the WebAssembly run: scores after the sigmoid, or every output (null for WASM). */
  maxScoreDiff: number | null;
  /** Largest difference over every raw output value. */
  maxRawDiff: number | null;
}

/** A fixed, image-like input in [-1, 1]: the same numbers on every backend. */
export function checkInput(shape: number[]): TensorData {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i += 1) data[i] = Math.sin(i * 0.013) * 0.8 + Math.cos(i * 0.0007) * 0.2;
  return { dtype: 'float32', shape, data };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function maxDiff(a: TensorData[], b: TensorData[], scoresOnly: boolean): number {
  let worst = 0;
  a.forEach((tensor, t) => {
    if (scoresOnly && tensor.shape.at(-1) !== 1) return;
    const mine = Array.from(tensor.data, Number);
    const other = Array.from(b[t]!.data, Number);
    for (let i = 0; i < mine.length; i += 1) {
      const x = scoresOnly ? sigmoid(mine[i]!) : mine[i]!;
      const y = scoresOnly ? sigmoid(other[i]!) : other[i]!;
      worst = Math.max(worst, Math.abs(x - y));
    }
  });
  return worst;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs one check on one backend; `reference` is the WASM output to compare with. */
export async function checkBackend(
  registry: Registry,
  spec: CheckSpec,
  backend: Backend,
  reference: TensorData[] | null,
  signal?: AbortSignal,
): Promise<{ report: BackendReport; outputs: TensorData[] }> {
  const model = registry.models.find((m) => m.id === spec.modelId);
  if (!model) throw new Error(`The registry has no ${spec.modelId} model.`);
  const url = defaultVariantOf(model).files.find((file) => /\.(json|onnx)$/.test(file.path))!.url;
  const shape = model.io.inputs[0]!.shape.map((d) => (d > 0 ? d : 1));
  const client = new InferenceClient();
  try {
    const handle = await client.load(
      { engine: spec.engine, url, backend, warmupInputs: spec.inputs(shape) },
      { signal },
    );
    const info: LoadedModel = handle.info;
    let outputs: TensorData[] = [];
    const times: number[] = [];
    // The backend the runs were on (a run can move off the requested one), and why.
    let ran: Backend = info.backend;
    let runFellBack: string | undefined;
    for (let run = 0; run < CHECK_RUNS; run += 1) {
      const result = await client.run(handle, spec.inputs(shape), { signal, timeoutMs: 120_000 });
      times.push(result.ms);
      if (run === 0) outputs = result.outputs;
      ran = result.backend;
      runFellBack ??= result.fellBack?.backend === backend ? result.fellBack.reason : undefined;
    }
    const fellBack =
      ran === backend
        ? null
        : (runFellBack ?? info.skipped.find((s) => s.backend === backend)?.reason ?? 'unavailable');
    return {
      outputs,
      report: {
        modelId: spec.modelId,
        requested: backend,
        ran,
        fellBack,
        initMs: info.initMs,
        warmupMs: info.warmupMs,
        medianMs: median(times),
        maxScoreDiff: reference ? maxDiff(outputs, reference, spec.compare === 'scores') : null,
        maxRawDiff: reference ? maxDiff(outputs, reference, false) : null,
      },
    };
  } finally {
    client.terminate();
  }
}
