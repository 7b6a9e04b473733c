/**
 * Silero VAD through the app's one inference worker: the bundled model is loaded once, and
 * each 32 ms frame is one `inference().run()` call. The recurrent state lives on the page and
 * goes to the worker and back with every frame (2 KB, transferred), so the worker keeps no
 * per-stream state and a worker restart loses nothing but the call in flight.
 */
import { AppError } from '../../../../shared/errors';
import type { Backend } from '../../../../shared/backends';
import type { ModelHandle } from '../../../../runtime/inference-client';
import { inference, loadModel } from '../../../../runtime/models';
import type { TensorData } from '../../../../worker/types';
import { SPEECH_SAMPLE_RATE } from '../../shared/resampler';
import {
  SILERO_CONTEXT_SAMPLES,
  SILERO_FRAME_SAMPLES,
  SILERO_STATE_SHAPE,
  SILERO_STATE_SIZE,
} from '../../shared/vad-config';
import type { SileroRunner } from '../../shared/vad-frames';

/** The registry id of the bundled model (models/manifests/silero-vad.json). */
export const SILERO_MODEL_ID = 'silero-vad';
/**
 * Silero runs on WebAssembly whatever the other models use: a 2 MB recurrent model called
 * every 32 ms is bound by per-call overhead, which a GPU round trip only adds to (and ORT's
 * WebGPU provider has no kernel for its LSTM, so it would bounce to the CPU anyway).
 */
export const VAD_BACKEND: Backend = 'wasm';

/**
 * Loads the VAD model once, with a warm-up run: the session's first run is slow (hundreds of
 * ms), and that would otherwise fall on the first frame of speech.
 */
export function loadSilero(): Promise<ModelHandle> {
  const warmupInputs = sileroInputs(
    new Float32Array(SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES),
    new Float32Array(SILERO_STATE_SIZE),
  );
  return loadModel(SILERO_MODEL_ID, { backend: VAD_BACKEND, warmupInputs });
}

/** The model's inputs for one frame, in its input order: input, state, sr. */
export function sileroInputs(input: Float32Array, state: Float32Array): TensorData[] {
  return [
    { dtype: 'float32', shape: [1, input.length], data: input },
    { dtype: 'float32', shape: [...SILERO_STATE_SHAPE], data: state },
    { dtype: 'int64', shape: [], data: BigInt64Array.of(BigInt(SPEECH_SAMPLE_RATE)) },
  ];
}

/** What one frame cost: the model run in the worker, and the whole call from the page. */
export interface VadCost {
  backend: Backend;
  modelMs: number;
  callMs: number;
}

/** A SileroRunner on the inference worker; `onCost` hears what each frame cost. */
export function workerSileroRunner(onCost?: (cost: VadCost) => void): SileroRunner {
  return async (input, state) => {
    const handle = await loadSilero();
    const started = performance.now();
    const { outputs, backend, ms } = await inference().run(handle, sileroInputs(input, state));
    onCost?.({ backend, modelMs: ms, callMs: performance.now() - started });
    const [output, stateN] = outputs;
    if (output?.dtype !== 'float32' || stateN?.dtype !== 'float32')
      throw new AppError('worker/failed', 'Silero VAD returned outputs of an unexpected type.');
    return { probability: output.data[0] ?? 0, state: stateN.data };
  };
}
