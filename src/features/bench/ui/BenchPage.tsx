import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { BackendCheck } from '../../../app/components/BackendCheck';
import { MeasuredBackends } from '../../../app/components/BackendSetting';
import { Icon } from '../../../app/components/Icon';
import { InferenceDebug } from '../../../app/components/InferenceDebug';
import { PageHeader } from '../../../app/components/PageHeader';
import { ProgressBar } from '../../../app/components/ProgressBar';
import { BACKENDS, type Backend } from '../../../shared/backends';
import type { DeviceResult, SuiteId } from '../shared/device-result';
import { DEVICE_SUITES } from './device-suites';
import { HistoryChart } from './HistoryChart';
import { MemorySection } from './MemorySection';
import { ResultTable } from './ResultTable';
import { clearResults, readResults, saveResult } from './results-store';
import './bench.css';
import { errorMessage } from '../../../shared/errors';

const BACKEND_LABEL: Record<Backend, string> = { wasm: 'WebAssembly', webgl: 'WebGL', webgpu: 'WebGPU' };

/** Saves the results as a JSON file (nothing leaves the device otherwise). */
function exportResults(results: DeviceResult[]): void {
  const blob = new Blob([`${JSON.stringify(results, null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `offgrid-bench-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/**
 * Benchmarks on this device: the backend check, then the suites of `npm run bench` (without
 * the peers), one after another, with a table of medians and spreads, and past results kept in
 * this browser with a chart of how they change.
 */
export function BenchPage() {
  const results = useSignal<DeviceResult[]>(readResults());
  const readiness = useSignal<Partial<Record<SuiteId, string | null>>>({});
  const chosen = useSignal<Set<SuiteId>>(new Set());
  const backends = useSignal<Set<Backend>>(new Set(['wasm']));
  const quick = useSignal(true);
  const running = useSignal<{ suite: SuiteId; index: number; total: number } | null>(null);
  const log = useSignal<string[]>([]);
  const error = useSignal<string | null>(null);
  const latest = useSignal<DeviceResult[]>([]);

  useEffect(() => {
    void Promise.all(
      DEVICE_SUITES.map(async (s) => [s.id, await s.ready().catch(errorMessage)] as const),
    ).then((entries) => {
      readiness.value = Object.fromEntries(entries);
      chosen.value = new Set(entries.filter(([, why]) => why === null).map(([id]) => id));
    });
  }, []);

  const toggle = <T,>(set: Set<T>, value: T) => {
    const next = new Set(set);
    if (!next.delete(value)) next.add(value);
    return next;
  };

  const run = async () => {
    const suites = DEVICE_SUITES.filter((s) => chosen.value.has(s.id));
    error.value = null;
    log.value = [];
    latest.value = [];
    try {
      for (const [index, suite] of suites.entries()) {
        running.value = { suite: suite.id, index, total: suites.length };
        const result = await suite.run({
          quick: quick.value,
          backends: suite.backends.filter((b) => backends.value.has(b)),
          log: (line) => (log.value = [...log.value.slice(-49), `${suite.title}: ${line}`]),
        });
        latest.value = [...latest.value, result];
        try {
          results.value = saveResult(result);
        } catch (storageError) {
          error.value = `The result is shown but could not be kept: ${errorMessage(storageError)}`;
        }
      }
    } catch (runError) {
      error.value = `The benchmark stopped: ${errorMessage(runError)}`;
    } finally {
      running.value = null;
    }
  };

  const busy = running.value !== null;
  const nothingChosen = chosen.value.size === 0 || backends.value.size === 0;
  const history = useMemo(() => results.value, [results.value]);

  return (
    <>
      <PageHeader title="Benchmarks" icon="bench">
        How fast each model runs on this device, on each backend: WebGPU, WebGL and WebAssembly. Results stay
        in this browser.
      </PageHeader>
      <section class="card" aria-labelledby="backends-heading">
        <h2 id="backends-heading">Backends on this device</h2>
        <BackendCheck />
        <h3>Automatic choice</h3>
        <MeasuredBackends />
      </section>
      {new URLSearchParams(location.search).has('debug') && <InferenceDebug />}

      <section class="card bench-run" aria-labelledby="suites-heading">
        <h2 id="suites-heading">Suites</h2>
        <fieldset class="bench-options" disabled={busy}>
          <legend class="visually-hidden">Suites to run</legend>
          {DEVICE_SUITES.map((suite) => {
            const why = readiness.value[suite.id];
            return (
              <label key={suite.id} class="bench-suite">
                <input
                  type="checkbox"
                  data-testid={`bench-suite-${suite.id}`}
                  checked={chosen.value.has(suite.id)}
                  disabled={why !== null}
                  onChange={() => (chosen.value = toggle(chosen.value, suite.id))}
                />
                <span>
                  <strong>{suite.title}</strong>
                  <span class="muted block">{why ?? suite.description}</span>
                </span>
              </label>
            );
          })}
        </fieldset>
        <fieldset class="bench-options bench-inline" disabled={busy}>
          <legend>Backends</legend>
          {BACKENDS.map((backend) => (
            <label key={backend}>
              <input
                type="checkbox"
                data-testid={`bench-backend-${backend}`}
                checked={backends.value.has(backend)}
                onChange={() => (backends.value = toggle(backends.value, backend))}
              />
              {BACKEND_LABEL[backend]}
            </label>
          ))}
          <label>
            <input
              type="checkbox"
              data-testid="bench-quick"
              checked={quick.value}
              onChange={() => (quick.value = !quick.value)}
            />
            Quick (fewer runs)
          </label>
        </fieldset>
        <div class="actions-row">
          <button
            type="button"
            class="button primary"
            data-testid="bench-run"
            disabled={busy || nothingChosen}
            onClick={() => void run()}
          >
            <Icon name="bench" size={18} /> Run
          </button>
        </div>
        {running.value && (
          <div class="bench-progress" data-testid="bench-progress">
            <ProgressBar
              value={running.value.index}
              max={running.value.total}
              label={`Running ${DEVICE_SUITES.find((s) => s.id === running.value!.suite)?.title ?? ''}`}
            />
            <p class="fine" role="status">
              {log.value.at(-1) ?? 'Loading…'}
            </p>
          </div>
        )}
        {error.value && (
          <p class="error" role="alert" data-testid="bench-error">
            {error.value}
          </p>
        )}
        {latest.value.map((result) => (
          <ResultTable key={result.date} result={result} />
        ))}
      </section>

      <MemorySection />

      <section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Past results</h2>
        {history.length === 0 ? (
          <p class="muted">Results of the runs on this device appear here.</p>
        ) : (
          <>
            <HistoryChart results={history} />
            <details class="bench-past">
              <summary>
                All {history.length} run{history.length === 1 ? '' : 's'}
              </summary>
              {history.map((result) => (
                <ResultTable key={result.date} result={result} />
              ))}
            </details>
            <div class="actions-row">
              <button type="button" class="button" onClick={() => exportResults(history)}>
                <Icon name="download" size={18} /> Export JSON
              </button>
              <button
                type="button"
                class="button"
                data-testid="bench-clear"
                onClick={() => {
                  clearResults();
                  results.value = [];
                }}
              >
                Clear results
              </button>
            </div>
          </>
        )}
      </section>
    </>
  );
}
