/**
 * The app's own translator as a bench runner: the inference worker (a fresh one per backend,
 * so a run starts from what a user's first translation starts from), through the bridge.
 * Times are taken on the page, like the peer's: from the call to the first partial output,
 * and to the result.
 */
import { InferenceClient } from '../../../runtime/inference-client';
import type { TranslatorFiles } from '../../../worker/types';
import { tokensPerSecond, type TranslateBackend } from '../shared/translate-suite';
import type { TranslateRunner } from './translate-run';

/** The files of a model folder in the Transformers.js layout, by URL. */
export function translatorFiles(base: string): TranslatorFiles {
  const url = (path: string) => new URL(path, base).href;
  return {
    encoder: url('onnx/encoder_model_quantized.onnx'),
    decoder: url('onnx/decoder_model_merged_quantized.onnx'),
    tokenizer: url('tokenizer.json'),
    tokenizerConfig: url('tokenizer_config.json'),
    config: url('config.json'),
    generationConfig: url('generation_config.json'),
  };
}

/** Loads our translator on `backend`; its token limit is its own (it takes no max_new_tokens). */
export async function loadOurTranslator(
  files: TranslatorFiles,
  backend: TranslateBackend,
  options: { threads?: number } = {},
): Promise<TranslateRunner> {
  const client = new InferenceClient();
  try {
    // The worker's rule (src/worker/engines/onnx.ts) unless the bench fixes a count to compare.
    const threads = await client.setWasmThreads(options.threads ?? null);
    const { handle, backend: ranOn } = await client.loadTranslator(files, { backend });
    return {
      ranOn,
      settings: {
        runtime: `onnxruntime-web 1.31 (${backend === 'wasm' ? 'plain SIMD' : 'JSEP'} build) in the inference worker`,
        threads,
      },
      async run(text) {
        let firstTokenMs = Number.NaN;
        const started = performance.now();
        const result = await client.translate(handle, text, {
          onPartial: () => {
            if (Number.isNaN(firstTokenMs)) firstTokenMs = performance.now() - started;
          },
        });
        const totalMs = performance.now() - started;
        const { tokens } = result.stats;
        return {
          firstTokenMs,
          totalMs,
          tokens,
          tokensPerSecond: tokensPerSecond(tokens, firstTokenMs, totalMs),
          text: result.text,
        };
      },
      async dispose() {
        client.terminate();
      },
    };
  } catch (error) {
    client.terminate();
    throw error;
  }
}
