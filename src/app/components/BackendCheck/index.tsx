import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { CHECKS, checkBackend, CHECK_RUNS, type BackendReport } from '../../../runtime/backend-check';
import { loadRegistry } from '../../../runtime/model-store-client';
import { InferenceClient } from '../../../runtime/inference-client';
import type { Backend, TensorData } from '../../../worker/types';
import { errorMessage } from '../../../shared/errors';
import { DataTable } from '../DataTable';

const LABEL: Record<Backend, string> = { wasm: 'WebAssembly (SIMD)', webgl: 'WebGL', webgpu: 'WebGPU' };

/** A 640×480 RGBA camera frame, the size the face demo sends. */
const FRAME_BYTES = 640 * 480 * 4;

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** Runs the check models on every backend of this device and shows speed and agreement. */
export function BackendCheck() {
  const reports = useSignal<BackendReport[]>([]);
  const running = useSignal<Backend | null>(null);
  const error = useSignal<string | null>(null);
  const controller = useSignal<AbortController | null>(null);
  const bridgeMs = useSignal<number | null>(null);
  useEffect(() => () => controller.value?.abort(), []);

  const run = async () => {
    const abort = new AbortController();
    controller.value = abort;
    reports.value = [];
    bridgeMs.value = null;
    error.value = null;
    try {
      const registry = await loadRegistry();
      for (const spec of CHECKS) {
        let reference: TensorData[] | null = null;
        for (const backend of spec.backends) {
          running.value = backend;
          const { report, outputs } = await checkBackend(registry, spec, backend, reference, abort.signal);
          if (backend === 'wasm') reference = outputs;
          reports.value = [...reports.value, report];
        }
      }
      const client = new InferenceClient();
      try {
        bridgeMs.value = await client.bridgeRoundTripMs(FRAME_BYTES);
      } finally {
        client.terminate();
      }
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) error.value = errorMessage(e);
    } finally {
      running.value = null;
    }
  };

  return (
    <div data-testid="backend-check">
      <p class="muted">
        Runs BlazeFace and MoveNet (TensorFlow.js) and Silero VAD (onnxruntime-web) on each backend, each in
        its own worker: {CHECK_RUNS} timed runs after a warm-up. Outputs are compared with the WebAssembly
        run.
      </p>
      <button
        type="button"
        class="button primary"
        disabled={running.value !== null}
        onClick={() => void run()}
      >
        {running.value ? `Checking ${LABEL[running.value]}…` : 'Check backends'}
      </button>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {reports.value.length > 0 && (
        <DataTable
          class="variants backend-table"
          columns={['Model', 'Backend', 'Ran on', 'Start', 'Warm-up', 'Median', 'Diff vs WASM']}
        >
          {reports.value.map((r) => (
            <tr
              key={`${r.modelId}-${r.requested}`}
              data-testid="backend-row"
              data-model={r.modelId}
              data-backend={r.requested}
              data-ran={r.ran}
              data-score-diff={r.maxScoreDiff ?? ''}
              data-raw-diff={r.maxRawDiff ?? ''}
              data-median-ms={r.medianMs}
            >
              <td>{CHECKS.find((c) => c.modelId === r.modelId)?.label}</td>
              <th scope="row">{LABEL[r.requested]}</th>
              <td data-testid="backend" title={r.fellBack ?? undefined}>
                {r.ran}
                {r.fellBack && <span class="muted block">fell back: {r.fellBack}</span>}
              </td>
              <td>{ms(r.initMs)} ms</td>
              <td>{ms(r.warmupMs)} ms</td>
              <td>{ms(r.medianMs)} ms</td>
              <td>{r.maxScoreDiff === null ? 'reference' : r.maxScoreDiff.toExponential(1)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {bridgeMs.value !== null && (
        <p class="muted" data-testid="bridge-overhead" data-ms={bridgeMs.value}>
          Bridge round trip with a 640 × 480 frame (transferred both ways): {ms(bridgeMs.value)} ms.
        </p>
      )}
    </div>
  );
}
