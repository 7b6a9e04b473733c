import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { CHECK_MODEL_ID, checkInput } from '../../../runtime/backend-check';
import { InferenceClient, type ModelHandle } from '../../../runtime/inference-client';
import { loadRegistry } from '../../../runtime/model-store-client';
import { defaultVariantOf } from '../../../shared/model-registry';
import { preferredBackend } from '../../../runtime/backend-preference';
import type { WorkerEvent } from '../../../worker/types';

/** Watchdog for the "hang" button: short, so a developer sees the restart quickly. */
const DEBUG_WATCHDOG_MS = 3000;
const ENDURANCE_RUNS = 1000;

/** One diagnostic: what it does to the worker, and the line it logs. */
type Action = (c: InferenceClient) => Promise<string>;

/**
 * Developer panel, shown on the Bench page with `?debug`: runs BlazeFace in one long-lived
 * worker and injects the failures the worker must survive (device loss, hang, crash, cancel).
 * The backend forced in Settings or with `?backend=` applies here as everywhere.
 */
export function InferenceDebug() {
  const client = useRef<InferenceClient | null>(null);
  const model = useRef<ModelHandle | null>(null);
  const log = useSignal<string[]>([]);
  const backend = useSignal<string>('');
  const busy = useSignal(false);
  const say = (line: string) => (log.value = [...log.value, line]);
  const logEvent = (event: WorkerEvent) => {
    if (event.type === 'log') say(`worker ${event.level}: ${event.message}`);
  };

  useEffect(() => {
    const c = new InferenceClient();
    client.current = c;
    const stop = c.onRestart((event) => say(`restarted (${event.reason}): ${event.message}`));
    return () => {
      stop();
      c.terminate();
    };
  }, []);

  const act = (name: string, action: Action) => async () => {
    busy.value = true;
    try {
      say(`${name}: ${await action(client.current!)}`);
    } catch (error) {
      say(`${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    } finally {
      busy.value = false;
    }
  };

  const ensureModel = async (c: InferenceClient): Promise<ModelHandle> => {
    if (model.current) return model.current;
    const registry = await loadRegistry();
    const manifest = registry.models.find((m) => m.id === CHECK_MODEL_ID)!;
    const url = defaultVariantOf(manifest).files.find((f) => f.path.endsWith('.json'))!.url;
    model.current = await c.load({ engine: 'tfjs', url, backend: preferredBackend() }, { onEvent: logEvent });
    return model.current;
  };

  const runOnce = async (c: InferenceClient, signal?: AbortSignal) => {
    const handle = await ensureModel(c);
    const result = await c.run(handle, [checkInput([1, 128, 128, 3])], {
      signal,
      timeoutMs: 120_000,
      onEvent: logEvent,
    });
    backend.value = result.backend;
    const scores = result.outputs
      .filter((t) => t.shape.at(-1) === 1)
      .flatMap((t) => Array.from(t.data, Number));
    const best = Math.max(...scores);
    const skipped = handle.info.skipped.map((s) => `${s.backend} skipped: ${s.reason}`).join('; ');
    return `ran on ${result.backend}, top score logit ${best.toFixed(4)}${skipped ? ` (${skipped})` : ''}`;
  };

  /** The buttons, in order; a `blocking` action cannot start while another one runs. */
  const actions: { label: string; name: string; primary?: boolean; blocking?: boolean; run: Action }[] = [
    { label: 'Run once', name: 'run', primary: true, blocking: true, run: (c) => runOnce(c) },
    {
      label: 'Run and cancel',
      name: 'cancel',
      run: async (c) => {
        const abort = new AbortController();
        const pending = runOnce(c, abort.signal);
        abort.abort(new DOMException('Cancelled by the user', 'AbortError'));
        return pending;
      },
    },
    { label: 'Lose GPU device', name: 'lose device', run: async (c) => String(await c.debugLoseDevice()) },
    { label: 'Hang the worker', name: 'hang', run: (c) => c.debugHang({ timeoutMs: DEBUG_WATCHDOG_MS }) },
    { label: 'Crash the worker', name: 'crash', run: async (c) => String(await c.debugCrash()) },
    {
      label: 'Memory',
      name: 'memory',
      run: async (c) => {
        const m = await c.memory();
        return `tensors ${m.tensors}, bytes ${m.bytes}, wasm heap ${m.wasmHeapBytes ?? '-'}`;
      },
    },
    {
      label: 'Held in worker',
      name: 'held',
      run: async (c) => {
        const held = await c.heldInWorker();
        return held.length ? held.map((h) => `${h.noun} ${h.handle}`).join(', ') : 'nothing';
      },
    },
    {
      label: 'Run 1,000 times',
      name: 'endurance',
      blocking: true,
      run: async (c) => {
        const handle = await ensureModel(c);
        await c.run(handle, [checkInput([1, 128, 128, 3])]);
        const before = await c.memory();
        for (let i = 0; i < ENDURANCE_RUNS; i += 1) await c.run(handle, [checkInput([1, 128, 128, 3])]);
        const after = await c.memory();
        return `${ENDURANCE_RUNS} runs on ${after.backend}: tensors ${before.tensors} -> ${after.tensors}, wasm heap ${before.wasmHeapBytes ?? '-'} -> ${after.wasmHeapBytes ?? '-'}`;
      },
    },
  ];

  return (
    <section class="card" aria-labelledby="debug-heading" data-testid="inference-debug">
      <h2 id="debug-heading">Worker diagnostics</h2>
      <p class="muted">
        Backend in use: <strong data-testid="backend">{backend.value || 'not loaded'}</strong>
      </p>
      <div class="row-actions">
        {actions.map(({ label, name, primary, blocking, run }) => (
          <button
            key={name}
            type="button"
            class={primary ? 'button primary' : 'button ghost'}
            disabled={blocking ? busy.value : undefined}
            onClick={act(name, run)}
          >
            {label}
          </button>
        ))}
      </div>
      <ol class="debug-log" data-testid="debug-log" aria-live="polite">
        {log.value.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </section>
  );
}
