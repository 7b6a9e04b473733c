import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { DataTable } from '../../../app/components/DataTable';
import { formatBytes } from '../../../shared/format';
import { memoryRows } from '../shared/memory-rows';
import { memoryTally, resetMemoryTally, sampleMemory, startMemorySampling } from './memory-sampler';

function bytes(value: number | null): string {
  return value === null ? '–' : formatBytes(value);
}

/**
 * The memory this page and its inference workers hold, now and at the peak, read while the
 * page is open (so also while the suites run): the JS heap where the browser reports one, and
 * the WebAssembly memories of TensorFlow.js and ONNX Runtime.
 */
export function MemorySection() {
  const error = useSignal<string | null>(null);
  const measuring = useSignal(false);
  useEffect(() => startMemorySampling(), []);

  const tally = memoryTally.value;
  const measureNow = async () => {
    measuring.value = true;
    error.value = null;
    try {
      await sampleMemory();
    } catch (sampleError) {
      error.value = `Measuring failed: ${sampleError instanceof Error ? sampleError.message : String(sampleError)}`;
    } finally {
      measuring.value = false;
    }
  };

  return (
    <section class="card" aria-labelledby="memory-heading" data-testid="bench-memory">
      <h2 id="memory-heading">Memory</h2>
      <p class="muted">
        Read every second while this page is open, also while the suites run. A phone closes a tab that holds
        too much (iOS at about 1.5 GB).
      </p>
      <figure class="bench-result">
        <DataTable columns={['Measured', 'Now', 'Peak']}>
          {memoryRows(tally).map((row) => (
            <tr key={row.metric} data-metric={row.metric} data-now={row.now ?? ''} data-peak={row.peak ?? ''}>
              <th scope="row">
                {row.label}
                {row.detail && <span class="muted block">{row.detail}</span>}
              </th>
              {row.missing ? (
                <td colSpan={2} class="muted">
                  {row.missing}
                </td>
              ) : (
                <>
                  <td>{bytes(row.now)}</td>
                  <td>{bytes(row.peak)}</td>
                </>
              )}
            </tr>
          ))}
        </DataTable>
        <p class="fine" data-testid="memory-samples" data-samples={tally.samples}>
          {tally.workers} inference worker{tally.workers === 1 ? '' : 's'} · {tally.samples} reading
          {tally.samples === 1 ? '' : 's'}
        </p>
      </figure>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      <div class="actions-row">
        <button
          type="button"
          class="button"
          data-testid="memory-measure"
          disabled={measuring.value}
          onClick={() => void measureNow()}
        >
          Measure now
        </button>
        <button type="button" class="button" onClick={resetMemoryTally}>
          Reset peaks
        </button>
      </div>
    </section>
  );
}
