/**
 * Runs the translation suite: each engine on each backend, loaded once, warmed up, then timed
 * runs that alternate between the engines so that a busy machine slows both alike. Engines are
 * plugged in as runners, so the bench harness can add a peer that the app never ships.
 */
import { summarize } from '../shared/stats';
import type {
  TranslateBackend,
  TranslateEngine,
  TranslateEngineResult,
  TranslateSample,
  TranslateSuiteConfig,
  TranslateSuiteResult,
} from '../shared/translate-suite';
import { errorMessage } from '../../../shared/errors';

/** One engine, loaded on one backend. */
export interface TranslateRunner {
  /** The backend it actually runs on, and settings that bear on speed. */
  ranOn: string;
  settings: Record<string, string | number | boolean>;
  /** Translates `text`, generating `maxNewTokens` tokens when the engine takes a limit. */
  run(text: string, maxNewTokens: number): Promise<TranslateSample>;
  /** Input tokens of `text`, with `</s>`, if the engine can tell. */
  inputTokens?(text: string): number;
  dispose(): Promise<void>;
}

export type LoadRunner = (backend: TranslateBackend) => Promise<TranslateRunner>;

/** Ours first: it sets the token count (its own limit) that the others are held to. */
export interface TranslateEngines {
  ours: LoadRunner;
  peer?: { engine: TranslateEngine; load: LoadRunner };
}

function engineResult(
  engine: TranslateEngine,
  backend: TranslateBackend,
  runner: TranslateRunner | undefined,
  loadMs: number,
  samples: TranslateSample[],
  error?: string,
): TranslateEngineResult {
  return {
    engine,
    backend,
    ranOn: runner?.ranOn ?? 'none',
    loadMs,
    samples,
    firstTokenMs: summarize(samples.map((s) => s.firstTokenMs)),
    tokensPerSecond: summarize(samples.map((s) => s.tokensPerSecond)),
    settings: runner?.settings ?? {},
    ...(error ? { error } : {}),
  };
}

async function load(
  loader: LoadRunner,
  backend: TranslateBackend,
): Promise<{ runner?: TranslateRunner; loadMs: number; error?: string }> {
  const started = performance.now();
  try {
    const runner = await loader(backend);
    return { runner, loadMs: performance.now() - started };
  } catch (error) {
    return { loadMs: performance.now() - started, error: errorMessage(error) };
  }
}

/** Runs the suite on `text`; `log` gets one line per step, for a person watching. */
export async function runTranslateSuite(
  engines: TranslateEngines,
  text: string,
  config: TranslateSuiteConfig,
  log: (line: string) => void = () => undefined,
): Promise<TranslateSuiteResult> {
  const results: TranslateEngineResult[] = [];
  const sameOutput: TranslateSuiteResult['sameOutput'] = {};
  let input = { text, tokens: 0, maxNewTokens: 0 };
  for (const backend of config.backends) {
    const ours = await load(engines.ours, backend);
    log(
      `${backend}: ours ${ours.error ? `failed: ${ours.error}` : `loaded in ${ours.loadMs.toFixed(0)} ms`}`,
    );
    const peer = engines.peer && (await load(engines.peer.load, backend));
    if (engines.peer && peer)
      log(`${backend}: ${engines.peer.engine} ${peer.error ? `failed: ${peer.error}` : 'loaded'}`);
    const ourSamples: TranslateSample[] = [];
    const peerSamples: TranslateSample[] = [];
    const errors: { ours?: string; peer?: string } = { ours: ours.error, peer: peer?.error };
    try {
      if (ours.runner) {
        // The first run (a warm-up) sets the token count: ours generates up to its own limit.
        const started = performance.now();
        const inBudget = () => performance.now() - started < config.budgetMs;
        const maxNewTokens = (await ours.runner.run(text, 0)).tokens;
        const inputTokens = peer?.runner?.inputTokens?.(text) ?? 0;
        input = { text, tokens: inputTokens || input.tokens, maxNewTokens };
        for (let i = 1; i < config.warmup && inBudget(); i += 1) await ours.runner.run(text, maxNewTokens);
        for (let i = 0; peer?.runner && i < Math.max(1, config.warmup) && inBudget(); i += 1)
          await peer.runner.run(text, maxNewTokens);
        // At least one timed run each; more while the backend's budget (warm-up included) lasts.
        for (let i = 0; i < config.runs && (i === 0 || inBudget()); i += 1) {
          const a = await ours.runner.run(text, maxNewTokens);
          ourSamples.push(a);
          const b = peer?.runner && (await peer.runner.run(text, maxNewTokens));
          if (b) peerSamples.push(b);
          const line = (s: TranslateSample) =>
            `first token ${s.firstTokenMs.toFixed(0)} ms, ${s.tokensPerSecond.toFixed(1)} tokens/s`;
          log(`${backend}: run ${i + 1}: ours ${line(a)}${b ? `; peer ${line(b)}` : ''}`);
        }
      }
    } catch (error) {
      errors.ours ??= errorMessage(error);
      log(`${backend}: stopped: ${errorMessage(error)}`);
    } finally {
      await ours.runner?.dispose();
      await peer?.runner?.dispose();
    }
    results.push(engineResult('ours', backend, ours.runner, ours.loadMs, ourSamples, errors.ours));
    if (engines.peer && peer) {
      results.push(
        engineResult(engines.peer.engine, backend, peer.runner, peer.loadMs, peerSamples, errors.peer),
      );
      const a = ourSamples[0]?.text;
      const b = peerSamples[0]?.text;
      if (a !== undefined && b !== undefined) sameOutput[backend] = a === b;
    }
  }
  return { suite: 'translate', input, config, engines: results, sameOutput };
}
