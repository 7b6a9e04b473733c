/**
 * The Bench page's memory table: samples of the JS heap (where the browser reports one) and of
 * the inference workers' WebAssembly memories, folded into the current value and the peak of
 * each since the page started sampling. Pure: the page does the sampling (../ui/memory-sampler.ts).
 */

/** Where the JS heap figure comes from; neither exists in WebKit or Firefox. */
export type JsHeapSource = 'measureUserAgentSpecificMemory' | 'performance.memory';

export interface JsHeapReading {
  bytes: number;
  source: JsHeapSource;
}

/** One worker's WebAssembly memories, from its memory() call. */
export interface WorkerWasmReading {
  /** TensorFlow.js's wasm backend heap; null when that backend is not active. */
  tfjsHeapBytes: number | null;
  /** onnxruntime-web's memory (and any other the worker made); empty before ORT loads. */
  otherBytes: number[];
}

/**
 * One reading; a field left out was not read this time (the JS heap and the workers are read
 * on their own clocks). `jsHeap: null` means the browser reports no JS heap.
 */
export interface MemorySample {
  jsHeap?: JsHeapReading | null;
  workers?: WorkerWasmReading[];
}

export type MemoryMetric = 'js-heap' | 'tfjs-wasm' | 'ort-wasm' | 'total';

/** The values behind each metric, with the current one and the largest seen. */
export interface MemoryTally {
  samples: number;
  jsHeapSource: JsHeapSource | null;
  /** False until a reading said the browser has no JS heap figure. */
  jsHeapMissing: boolean;
  workers: number;
  now: Record<MemoryMetric, number | null>;
  peak: Record<MemoryMetric, number | null>;
}

export interface MemoryRow {
  metric: MemoryMetric;
  label: string;
  /** What the figure covers, where that depends on the browser. */
  detail: string | null;
  now: number | null;
  peak: number | null;
  /** Why there is no number, in words; null when there is one (or nothing was read yet). */
  missing: string | null;
}

const NONE: Record<MemoryMetric, number | null> = {
  'js-heap': null,
  'tfjs-wasm': null,
  'ort-wasm': null,
  total: null,
};

export const EMPTY_TALLY: MemoryTally = {
  samples: 0,
  jsHeapSource: null,
  jsHeapMissing: false,
  workers: 0,
  now: NONE,
  peak: NONE,
};

export const NOT_REPORTED = 'not reported by this browser';

const LABELS: Record<MemoryMetric, string> = {
  'js-heap': 'JS heap',
  'tfjs-wasm': 'TensorFlow.js WebAssembly',
  'ort-wasm': 'ONNX Runtime WebAssembly',
  total: 'Total',
};

/** Why a metric read so far has no number. */
const MISSING: Record<MemoryMetric, string> = {
  'js-heap': 'not read yet',
  'tfjs-wasm': 'not loaded',
  'ort-wasm': 'not loaded',
  total: 'nothing measured',
};

const SOURCE_DETAIL: Record<JsHeapSource, string> = {
  measureUserAgentSpecificMemory: 'page and workers',
  'performance.memory': 'this page only',
};

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function larger(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** Folds one sample into the tally. */
export function tallySample(tally: MemoryTally, sample: MemorySample): MemoryTally {
  const now = { ...tally.now };
  let { jsHeapSource, jsHeapMissing, workers } = tally;
  if (sample.jsHeap !== undefined) {
    now['js-heap'] = sample.jsHeap?.bytes ?? null;
    jsHeapSource = sample.jsHeap?.source ?? null;
    jsHeapMissing = sample.jsHeap === null;
  }
  if (sample.workers !== undefined) {
    workers = sample.workers.length;
    const tfjs = sample.workers.map((w) => w.tfjsHeapBytes).filter((b) => b !== null);
    now['tfjs-wasm'] = tfjs.length > 0 ? sum(tfjs) : null;
    const ort = sample.workers.flatMap((w) => w.otherBytes);
    now['ort-wasm'] = ort.length > 0 ? sum(ort) : null;
  }
  const parts = [now['js-heap'], now['tfjs-wasm'], now['ort-wasm']].filter((b) => b !== null);
  now.total = parts.length > 0 ? sum(parts) : null;
  const peak = { ...tally.peak };
  for (const metric of Object.keys(now) as MemoryMetric[]) peak[metric] = larger(peak[metric], now[metric]);
  return { samples: tally.samples + 1, jsHeapSource, jsHeapMissing, workers, now, peak };
}

/** The table's rows: each metric now and at its peak, or why there is no number. */
export function memoryRows(tally: MemoryTally): MemoryRow[] {
  return (Object.keys(LABELS) as MemoryMetric[]).map((metric) => {
    const detail =
      metric === 'total'
        ? 'JS heap + WebAssembly'
        : metric === 'js-heap' && tally.jsHeapSource
          ? SOURCE_DETAIL[tally.jsHeapSource]
          : null;
    let missing: string | null = null;
    if (metric === 'js-heap' && tally.jsHeapMissing) missing = NOT_REPORTED;
    else if (tally.samples > 0 && tally.peak[metric] === null) missing = MISSING[metric];
    return {
      metric,
      label: LABELS[metric],
      detail,
      now: tally.now[metric],
      peak: tally.peak[metric],
      missing,
    };
  });
}
