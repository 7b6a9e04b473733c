/**
 * The backend check behind the Bench page: the same BlazeFace input on each backend, timed,
 * with the scores compared against WebAssembly (the reference). Each backend gets its own
 * worker, forced to it, so one backend's state cannot leak into another's numbers.
 */
import { defaultVariantOf, type Registry } from '../shared/model-registry';
import type { Backend, LoadedModel, TensorData } from '../worker/types';
import { InferenceClient } from './inference-client';

/** The model the check runs: small, bundled, and used by the face demo. */
export const CHECK_MODEL_ID = 'blazeface-short';
/** Timed runs after warm-up; kept small because GPU backends run in software on some machines. */
export const CHECK_RUNS = 5;

export interface BackendReport {
  requested: Backend;
  /** The backend that actually ran (differs when the requested one failed). */
  ran: Backend;
  fellBack: string | null;
  initMs: number;
  warmupMs: number;
  medianMs: number;
  /** Largest |score difference| against the WebAssembly run, after the sigmoid (null for WASM itself). */
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
    const other = b[t]!.data;
    for (let i = 0; i < tensor.data.length; i += 1) {
      const x = scoresOnly ? sigmoid(tensor.data[i]!) : tensor.data[i]!;
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

/** Runs the check on one backend; `reference` is the WASM output to compare with. */
export async function checkBackend(
  registry: Registry,
  backend: Backend,
  reference: TensorData[] | null,
  signal?: AbortSignal,
): Promise<{ report: BackendReport; outputs: TensorData[] }> {
  const model = registry.models.find((m) => m.id === CHECK_MODEL_ID);
  if (!model) throw new Error(`The registry has no ${CHECK_MODEL_ID} model.`);
  const url = defaultVariantOf(model).files.find((file) => file.path.endsWith('.json'))!.url;
  const client = new InferenceClient();
  try {
    const handle = await client.load({ url, backend }, { signal });
    const info: LoadedModel = handle.info;
    const shape = model.io.inputs[0]!.shape.map((d) => (d > 0 ? d : 1));
    let outputs: TensorData[] = [];
    const times: number[] = [];
    for (let run = 0; run < CHECK_RUNS; run += 1) {
      const result = await client.run(handle, [checkInput(shape)], { signal, timeoutMs: 120_000 });
      times.push(result.ms);
      if (run === 0) outputs = result.outputs;
    }
    const fellBack =
      info.backend === backend
        ? null
        : (info.skipped.find((s) => s.backend === backend)?.reason ?? 'unavailable');
    return {
      outputs,
      report: {
        requested: backend,
        ran: info.backend,
        fellBack,
        initMs: info.initMs,
        warmupMs: info.warmupMs,
        medianMs: median(times),
        maxScoreDiff: reference ? maxDiff(outputs, reference, true) : null,
        maxRawDiff: reference ? maxDiff(outputs, reference, false) : null,
      },
    };
  } finally {
    client.terminate();
  }
}
