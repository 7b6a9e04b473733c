import { useSignal } from '@preact/signals';
import { saveBackend, savedBackend } from '../../../runtime/backend-preference';
import { BACKENDS, type Backend } from '../../../shared/backends';

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
    <div class="field">
      <label for="backend">Inference backend</label>
      <select
        id="backend"
        value={value.value}
        onChange={(event) => {
          const next = event.currentTarget.value as Backend | 'auto';
          value.value = next;
          saveBackend(next);
        }}
      >
        {(['auto', ...BACKENDS] as const).map((name) => (
          <option key={name} value={name}>
            {LABEL[name]}
          </option>
        ))}
      </select>
      <span class="hint">
        Automatic tries WebGPU, then WebGL, then WebAssembly, and skips any that fails its self-test. Add{' '}
        <code>?backend=wasm</code> to an address to force one for that page.
      </span>
    </div>
  );
}
