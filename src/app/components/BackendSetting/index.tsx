import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import {
  currentDevice,
  forgetMeasurements,
  measuredChoices,
  measuring,
} from '../../../runtime/backend-choice';
import { timingsInWords } from '../../../shared/backend-speed';
import { saveBackend, savedBackend } from '../../../runtime/backend-preference';
import { BACKENDS, type Backend } from '../../../shared/backends';
import { DataTable } from '../DataTable';
import { SelectField } from '../SelectField';

const LABEL: Record<Backend | 'auto', string> = {
  auto: 'Automatic (fastest that works)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (CPU)',
};

/** Lets the user force one backend; the demos fall back and say so if it fails. */
export function BackendSetting() {
  const value = useSignal<Backend | 'auto'>(savedBackend());
  return (
    <SelectField
      id="backend"
      label="Inference backend"
      value={value.value}
      labels={LABEL}
      keys={['auto', ...BACKENDS]}
      onChange={(next) => {
        value.value = next;
        saveBackend(next);
      }}
    >
      <span class="hint">
        Automatic times each model on every backend the first time it runs (in the background, when no camera
        is on) and then uses the fastest. Until then a GPU that draws in software goes after WebAssembly. Any
        backend that fails its self-test is skipped. Add <code>?backend=wasm</code> to an address to force one
        for that page.
      </span>
      <MeasuredBackends />
    </SelectField>
  );
}

/** The measured times behind the automatic choice, per model, on this browser and GPU. */
export function MeasuredBackends() {
  const device = useSignal<string | null>(null);
  useEffect(() => {
    void currentDevice().then((key) => (device.value = key));
  }, []);
  const choices = measuredChoices.value;
  const here = choices.filter((c) => c.device === device.value);
  return (
    <div class="measured-backends" data-testid="measured-backends">
      {measuring.value && <p class="muted">Timing {measuring.value} on each backend…</p>}
      {here.length === 0 ? (
        <p class="muted" data-testid="measured-none">
          No model has been timed on this browser and GPU yet.
        </p>
      ) : (
        <DataTable class="variants backend-table" columns={['Model', 'Chosen', 'Why']}>
          {here.map((choice) => (
            <tr
              key={choice.modelId}
              data-testid="measured-backend"
              data-model-id={choice.modelId}
              data-backend={choice.backend}
            >
              <th scope="row">{choice.modelId}</th>
              <td>{choice.backend}</td>
              <td>
                fastest here: {timingsInWords(choice.timings)}
                <span class="muted block">measured {new Date(choice.measuredAt).toLocaleString()}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {choices.length > 0 && (
        <button type="button" class="button ghost" data-testid="measure-again" onClick={forgetMeasurements}>
          Time every model again
        </button>
      )}
    </div>
  );
}
