import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { getCapabilities, type Capabilities } from '../../../runtime/capabilities';
import { formatBytes } from '../../../shared/format';
import { framePath, trackProcessor } from '../../../media/camera-frames';
import { inference, inferenceStarted } from '../../../runtime/models';
import { FRAME_PATH_LABELS, type FramePath } from '../../../shared/frame-feed';

interface RowProps {
  id: string;
  label: ComponentChildren;
  ok: boolean | null;
  children: ComponentChildren;
}

/** One capability: a name, a yes/no badge and details. `data-cap`/`data-ok` are for tests. */
function Row({ id, label, ok, children }: RowProps) {
  const badge = ok === null ? 'unknown' : ok ? 'yes' : 'no';
  return (
    <div class="cap-row" data-cap={id} data-ok={String(ok)}>
      <dt>{label}</dt>
      <dd>
        <span class={`badge ${badge}`}>{ok === null ? 'Unknown' : ok ? 'Yes' : 'No'}</span>
        <span class="cap-detail">{children}</span>
      </dd>
    </div>
  );
}

function storageText({ usage, quota }: Capabilities['storage']): string {
  if (usage === null || quota === null) return 'The browser does not report storage use.';
  return `${formatBytes(usage)} used of about ${formatBytes(quota)} (the browser's estimate)`;
}

/** What this device can run, probed once (see runtime/capabilities.ts). */
export function CapabilitiesPanel() {
  const caps = useSignal<Readonly<Capabilities> | null>(null);
  const failure = useSignal<string | null>(null);
  const frames = useSignal<FramePath | null>(null);
  const askWorker = () =>
    framePath(inference()).then(
      (path) => (frames.value = path),
      () => undefined,
    );
  useEffect(() => {
    // A page processor settles it here; otherwise only the worker can say whether it has its own
    // (Safari). Settings starts no worker for that: it asks one that already runs, or on request.
    if (trackProcessor()) frames.value = 'stream';
    else if (inferenceStarted()) void askWorker();
    getCapabilities().then(
      (value) => (caps.value = value),
      (error: unknown) => (failure.value = String(error)),
    );
  }, []);

  if (failure.value)
    return (
      <p class="error" role="alert">
        Could not probe this device: {failure.value}
      </p>
    );
  const c = caps.value;
  if (!c)
    return (
      <p class="muted" aria-busy="true">
        Checking what this device can do…
      </p>
    );
  const gpu = c.webgpu.adapter;
  return (
    <dl class="caps" data-testid="capabilities">
      <Row id="webgpu" label="WebGPU" ok={c.webgpu.available}>
        {gpu
          ? [gpu.vendor, gpu.architecture, gpu.description].filter(Boolean).join(' · ') +
            (gpu.isFallbackAdapter ? ' (software fallback)' : '')
          : c.webgpu.reason}
      </Row>
      <Row id="webgl2" label="WebGL2" ok={c.webgl2.available}>
        {c.webgl2.available ? c.webgl2.renderer : c.webgl2.reason}
      </Row>
      <Row id="wasm-simd" label="WebAssembly SIMD" ok={c.wasmSimd}>
        {c.wasmSimd ? 'Fast CPU inference is available.' : 'CPU inference will be slow.'}
      </Row>
      <Row id="wasm-threads" label="WebAssembly threads" ok={c.wasmThreads}>
        {c.wasmThreads
          ? `SharedArrayBuffer works; up to ${c.logicalCores} logical cores.`
          : c.crossOriginIsolated
            ? 'Single-threaded: this browser has no SharedArrayBuffer, even on a cross-origin isolated page.'
            : 'Single-threaded: SharedArrayBuffer needs cross-origin isolation.'}
      </Row>
      <Row id="cross-origin-isolated" label={<code>crossOriginIsolated</code>} ok={c.crossOriginIsolated}>
        <code>crossOriginIsolated: {String(c.crossOriginIsolated)}</code>
      </Row>
      <Row id="camera-frames" label="Camera frames" ok={frames.value === null ? null : true}>
        {frames.value ? (
          <span data-path={frames.value}>{FRAME_PATH_LABELS[frames.value]}</span>
        ) : (
          <>
            Decided when the camera first starts: it depends on what the inference worker has.{' '}
            <button type="button" class="button small" onClick={() => void askWorker()}>
              Ask it now
            </button>
          </>
        )}
      </Row>
      <Row id="storage" label="Storage" ok={c.storage.quota !== null}>
        {storageText(c.storage)}
      </Row>
      <Row id="persisted" label="Persistent storage" ok={c.storage.persisted}>
        {c.storage.persisted
          ? 'The browser will not evict stored models under storage pressure.'
          : 'Not yet persistent: the browser may evict models when space runs low. Offgrid asks when you first download a model.'}
      </Row>
    </dl>
  );
}
