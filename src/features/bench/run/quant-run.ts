/**
 * Runs the quantization suite: for each backend and model, every variant is loaded once, run on
 * every photo for accuracy (against the reference variant's outputs on the same backend), warmed
 * up, then timed in rounds that run each variant once in a rotating order, so a busy machine
 * slows them alike. Engines, files and photos are injected: the bench harness serves them from
 * the bench server, the Bench page from the model store.
 */
import type { Precision } from '../../../shared/model-registry';
import type { TensorData } from '../../../worker/types';
import {
  QUANT_MODEL_INFO,
  compareOutputs,
  type QuantBackend,
  type QuantModelId,
  type QuantModelInfo,
  type QuantOutput,
  type QuantRun,
  type QuantSuiteConfig,
  type QuantSuiteResult,
  type QuantVariantInfo,
} from '../shared/quant-suite';
import { summarize } from '../shared/stats';
import { errorMessage } from '../../../shared/errors';

/** Runs a loaded model on plain tensors. */
export type QuantModelCall = (inputs: TensorData[]) => Promise<TensorData[]>;

/** One variant loaded on one backend. */
export interface QuantModelRunner {
  ranOn: string;
  run: QuantModelCall;
}

/** An inference engine on one backend (a fresh worker, say); closed when the backend is done. */
export interface QuantEngine {
  load(model: QuantModelId, variant: Precision): Promise<QuantModelRunner>;
  close(): Promise<void>;
}

export interface QuantSuiteDeps {
  /** The variants of a model, with their file sizes. */
  variants(model: QuantModelId): Promise<QuantVariantInfo[]>;
  /** Names of the photos a model's task runs on, in order. */
  photos(model: QuantModelId): string[];
  /** The model's task on photo `index` (pre-process, model call(s) through `call`, decode). */
  infer(model: QuantModelId, call: QuantModelCall, index: number): Promise<QuantOutput>;
  open(backend: QuantBackend): Promise<QuantEngine>;
}

interface Loaded {
  variant: Precision;
  runner: QuantModelRunner | null;
  loadMs: number;
  outputs: QuantOutput[];
  samples: number[];
  error?: string;
}

/** A runner whose model calls are timed; `take` returns and clears the time since the last take. */
function timed(call: QuantModelCall): { call: QuantModelCall; take(): number } {
  let spent = 0;
  return {
    async call(inputs) {
      const started = performance.now();
      try {
        return await call(inputs);
      } finally {
        spent += performance.now() - started;
      }
    },
    take() {
      const value = spent;
      spent = 0;
      return value;
    },
  };
}

async function loadVariant(
  deps: QuantSuiteDeps,
  engine: QuantEngine,
  model: QuantModelId,
  variant: Precision,
  photos: number,
): Promise<Loaded> {
  const started = performance.now();
  try {
    const runner = await engine.load(model, variant);
    const loadMs = performance.now() - started;
    const outputs: QuantOutput[] = [];
    for (let i = 0; i < photos; i += 1) outputs.push(await deps.infer(model, runner.run, i));
    return { variant, runner, loadMs, outputs, samples: [] };
  } catch (error) {
    return {
      variant,
      runner: null,
      loadMs: performance.now() - started,
      outputs: [],
      samples: [],
      error: errorMessage(error),
    };
  }
}

/** Every variant of one model on one engine: accuracy first, then the timed rounds. */
async function runModel(
  deps: QuantSuiteDeps,
  engine: QuantEngine,
  backend: QuantBackend,
  info: QuantModelInfo,
  config: QuantSuiteConfig,
  log: (line: string) => void,
): Promise<QuantRun[]> {
  const photos = info.photos.length;
  const loaded: Loaded[] = [];
  for (const variant of info.variants) {
    const result = await loadVariant(deps, engine, info.id, variant.id, photos);
    log(
      result.error
        ? `${info.id} ${variant.id} on ${backend}: ${result.error}`
        : `${info.id} ${variant.id} on ${result.runner?.ranOn}: loaded in ${Math.round(result.loadMs)} ms`,
    );
    loaded.push(result);
  }
  const ready = loaded.filter((l) => l.runner);
  const clocks = new Map(ready.map((l) => [l, timed(l.runner!.run)]));
  for (let w = 0; w < config.warmup; w += 1)
    for (const l of ready) await deps.infer(info.id, clocks.get(l)!.call, w % photos);

  const started = performance.now();
  for (let round = 0; round < config.runs; round += 1) {
    if (round > 0 && performance.now() - started > config.budgetMs) {
      log(`${info.id} on ${backend}: time budget spent after ${round} rounds`);
      break;
    }
    for (let k = 0; k < ready.length; k += 1) {
      const l = ready[(round + k) % ready.length]!;
      const clock = clocks.get(l)!;
      clock.take();
      await deps.infer(info.id, clock.call, round % photos);
      l.samples.push(clock.take());
    }
  }

  const reference = loaded.find((l) => l.variant === info.reference);
  const referenceMedian = reference?.samples.length ? summarize(reference.samples).median : Number.NaN;
  return loaded.map((l): QuantRun => {
    const latencyMs = summarize(l.samples);
    let accuracy = null;
    if (reference?.runner && l.runner) accuracy = compareOutputs(reference.outputs, l.outputs);
    return {
      model: info.id,
      variant: l.variant,
      backend,
      ranOn: l.runner?.ranOn ?? 'none',
      loadMs: l.loadMs,
      samples: l.samples,
      latencyMs,
      latencyRatio: latencyMs.median / referenceMedian,
      accuracy,
      ...(l.error ? { error: l.error } : {}),
    };
  });
}

/** The whole suite: every configured backend × model × variant. */
export async function runQuantSuite(
  deps: QuantSuiteDeps,
  config: QuantSuiteConfig,
  log: (line: string) => void = () => {},
): Promise<QuantSuiteResult> {
  const models: QuantModelInfo[] = [];
  for (const id of config.models) {
    models.push({ id, ...QUANT_MODEL_INFO[id], photos: deps.photos(id), variants: await deps.variants(id) });
  }
  const runs: QuantRun[] = [];
  const backends = new Set<string>();
  for (const backend of config.backends) {
    let engine: QuantEngine;
    try {
      engine = await deps.open(backend);
    } catch (error) {
      log(`${backend}: ${errorMessage(error)}`);
      continue;
    }
    try {
      for (const info of models) {
        const results = await runModel(deps, engine, backend, info, config, log);
        for (const r of results) if (r.samples.length) backends.add(r.ranOn);
        runs.push(...results);
      }
    } finally {
      await engine.close();
    }
  }
  return { suite: 'quant', config, models, runs, backends: [...backends] };
}
