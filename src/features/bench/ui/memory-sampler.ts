/**
 * Samples memory for the Bench page while it is open: the JS heap where the browser reports
 * it, and the WebAssembly memories of every running inference worker (the app's own and the
 * suites'). The tally lives for the whole visit, so the peak covers every suite run meanwhile.
 */
import { signal } from '@preact/signals';
import { runningClients, type InferenceClient } from '../../../runtime/inference-client';
import {
  EMPTY_TALLY,
  tallySample,
  type JsHeapReading,
  type MemorySample,
  type MemoryTally,
  type WorkerWasmReading,
} from '../shared/memory-rows';

/** How often the workers are asked; each answer is a few numbers. */
export const WORKER_SAMPLE_MS = 1000;
/** A worker busy longer than this keeps its last reading (and is not restarted for it). */
const WORKER_ANSWER_MS = 5000;
/** Pause between JS heap readings; Chromium's own takes up to ~20 s (it waits for a GC). */
const JS_HEAP_PAUSE_MS = 2000;

export const memoryTally = signal<MemoryTally>(EMPTY_TALLY);

const lastReading = new WeakMap<InferenceClient, WorkerWasmReading>();
const asking = new WeakSet<InferenceClient>();

function record(sample: MemorySample): void {
  memoryTally.value = tallySample(memoryTally.value, sample);
}

type MeasuringPerformance = Performance & {
  measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
  memory?: { usedJSHeapSize: number };
};

/**
 * The JS heap of this page and its workers: `measureUserAgentSpecificMemory` where the page is
 * cross-origin isolated (Chromium), else Chromium's older `performance.memory` (this page only);
 * null where the browser has neither (WebKit, Firefox).
 */
export async function readJsHeap(): Promise<JsHeapReading | null> {
  const perf = performance as MeasuringPerformance;
  if (globalThis.crossOriginIsolated && typeof perf.measureUserAgentSpecificMemory === 'function') {
    const { bytes } = await perf.measureUserAgentSpecificMemory();
    return { bytes, source: 'measureUserAgentSpecificMemory' };
  }
  if (perf.memory) return { bytes: perf.memory.usedJSHeapSize, source: 'performance.memory' };
  return null;
}

/** One reading per running worker; a busy one gives its last. */
async function readWorkers(): Promise<WorkerWasmReading[]> {
  const clients = runningClients();
  await Promise.all(
    clients
      .filter((client) => !asking.has(client))
      .map(async (client) => {
        asking.add(client);
        try {
          const info = await client.memory({ signal: AbortSignal.timeout(WORKER_ANSWER_MS) });
          lastReading.set(client, { tfjsHeapBytes: info.wasmHeapBytes, otherBytes: info.wasmMemoryBytes });
        } catch {
          // Busy past WORKER_ANSWER_MS, or terminated meanwhile: its last reading stands.
        } finally {
          asking.delete(client);
        }
      }),
  );
  return clients.flatMap((client) => lastReading.get(client) ?? []);
}

/** Reads the workers now; the JS heap too unless `workersOnly`. */
export async function sampleMemory(workersOnly = false): Promise<void> {
  record({ workers: await readWorkers() });
  if (!workersOnly) record({ jsHeap: await readJsHeap() });
}

/** Forgets the peaks (and the rest), to measure one suite on its own. */
export function resetMemoryTally(): void {
  memoryTally.value = EMPTY_TALLY;
}

/** Samples until the returned function is called: workers every second, the JS heap as often as it answers. */
export function startMemorySampling(): () => void {
  let stopped = false;
  let warned = false;
  const workers = setInterval(() => void sampleMemory(true), WORKER_SAMPLE_MS);
  void sampleMemory(true);
  void (async () => {
    while (!stopped) {
      try {
        record({ jsHeap: await readJsHeap() });
      } catch (error) {
        // measureUserAgentSpecificMemory can refuse (a page being hidden): say so once, go on.
        if (!warned) console.warn('Reading the JS heap failed:', error);
        warned = true;
      }
      await new Promise((resolve) => setTimeout(resolve, JS_HEAP_PAUSE_MS));
    }
  })();
  return () => {
    stopped = true;
    clearInterval(workers);
  };
}
