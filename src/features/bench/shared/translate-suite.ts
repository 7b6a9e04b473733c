/**
 * The translation suite's input, settings and result types, shared by the bench harness and
 * the Bench page. Both engines get the same sentence, greedy decoding and token limit.
 */
import type { Summary } from './stats';

/** About 20 tokens with opus-mt's vocabulary (19 pieces and `</s>`). */
export const BENCH_SENTENCE =
  'The weather in the mountains was cold this morning, so we stayed inside by the warm fire.';

export type TranslateEngine = 'ours' | 'transformers.js';
export type TranslateBackend = 'wasm' | 'webgpu';

export interface TranslateSuiteConfig {
  backends: TranslateBackend[];
  /** Untimed runs per engine and backend, after loading (first-run costs). */
  warmup: number;
  /** Timed runs per engine and backend, alternating between the engines. */
  runs: number;
  /** No new timed runs on a backend after this long (software WebGPU is slow); one always runs. */
  budgetMs: number;
}

export const DEFAULT_TRANSLATE_SUITE: TranslateSuiteConfig = {
  backends: ['wasm', 'webgpu'],
  warmup: 2,
  runs: 10,
  budgetMs: 240_000,
};

/** `--quick`: enough to prove the suite works, not to measure. */
export const QUICK_TRANSLATE_SUITE: TranslateSuiteConfig = {
  backends: ['wasm', 'webgpu'],
  warmup: 0,
  runs: 1,
  budgetMs: 60_000,
};

/** One timed translation, as seen from the page that asked for it. */
export interface TranslateSample {
  /** From the call to the first generated token (tokenizing, encoder, first decoder step). */
  firstTokenMs: number;
  totalMs: number;
  tokens: number;
  /** Tokens after the first, per second of the time after the first: the decoding rate. */
  tokensPerSecond: number;
  text: string;
}

/** Decoding rate of a run: tokens after the first over the time after the first. */
export function tokensPerSecond(tokens: number, firstTokenMs: number, totalMs: number): number {
  return tokens > 1 && totalMs > firstTokenMs ? ((tokens - 1) * 1000) / (totalMs - firstTokenMs) : Number.NaN;
}

/** One engine on one backend: what loaded, and its runs. */
export interface TranslateEngineResult {
  engine: TranslateEngine;
  /** The backend asked for, and the one the engine reports it ran on. */
  backend: TranslateBackend;
  ranOn: string;
  loadMs: number;
  samples: TranslateSample[];
  firstTokenMs: Summary;
  tokensPerSecond: Summary;
  /** Engine details that bear on speed (threads, dtype, execution provider). */
  settings: Record<string, string | number | boolean>;
  error?: string;
}

export interface TranslateSuiteResult {
  suite: 'translate';
  input: { text: string; tokens: number; maxNewTokens: number };
  config: TranslateSuiteConfig;
  engines: TranslateEngineResult[];
  /** Did both engines pick the same tokens on each backend (same files, both greedy)? */
  sameOutput: Partial<Record<TranslateBackend, boolean>>;
}
