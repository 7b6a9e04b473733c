/**
 * The bench harness page for translation: ours (the app's worker) against Transformers.js on
 * the shape-real opus-mt model the bench server serves. `npm run bench` calls
 * window.offgridBench.translate() and reads the result; this page ships only in the bench build.
 */
import { runTranslateSuite } from '../src/features/bench/run/translate-run';
import { loadOurTranslator, translatorFiles } from '../src/features/bench/run/translate-ours';
import {
  BENCH_SENTENCE,
  DEFAULT_TRANSLATE_SUITE,
  QUICK_TRANSLATE_SUITE,
  type TranslateSuiteConfig,
  type TranslateSuiteResult,
} from '../src/features/bench/shared/translate-suite';
import { loadPeerTranslator } from './peer-transformers';

/** Where the bench server serves the generated model (dist-bench/models/opus-mt-en-de). */
export const MODEL_BASE = '/bench-models/opus-mt-en-de/';

declare global {
  interface Window {
    offgridBench: {
      /** `quick`: the suite's few-run settings; the rest overrides single settings. */
      /** `threads`: our worker's WebAssembly threads (default: its own rule). */
      translate(
        options?: { quick?: boolean; threads?: number } & Partial<TranslateSuiteConfig>,
      ): Promise<TranslateSuiteResult>;
    };
  }
}

window.offgridBench = {
  translate({ quick = false, threads, ...config } = {}) {
    const base = new URL(MODEL_BASE, location.href).href;
    const files = translatorFiles(base);
    return runTranslateSuite(
      {
        ours: (backend) => loadOurTranslator(files, backend, { threads }),
        peer: { engine: 'transformers.js', load: (backend) => loadPeerTranslator(base, backend) },
      },
      BENCH_SENTENCE,
      { ...(quick ? QUICK_TRANSLATE_SUITE : DEFAULT_TRANSLATE_SUITE), ...config },
      (line) => console.warn(`[bench] ${line}`),
    );
  },
};
