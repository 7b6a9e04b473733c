/**
 * The peer: a plain Transformers.js translation pipeline on the same model folder, with its
 * defaults (q8 files, its own onnxruntime-web build, its thread count), run on the page the
 * way its documentation shows. Local files only: remote models are off, and its WebAssembly is
 * served by the bench server (no CDN). On WebGPU it would default to fp32 files, which the
 * model does not have, so dtype is q8 there too: the same files as ours.
 */
import { BaseStreamer, env, pipeline } from '@huggingface/transformers';
import {
  tokensPerSecond,
  type TranslateBackend,
  type TranslateSample,
} from '../src/features/bench/shared/translate-suite';
import type { TranslateRunner } from '../src/features/bench/ui/translate-run';

/** Where the bench build puts the peer's onnxruntime-web WebAssembly (see bench/vite.config.ts). */
export const PEER_ORT_PATH = '/bench/peer-ort/';

/** Counts generated tokens and stamps the first one (the first put() is the decoder's start token). */
class TokenClock extends BaseStreamer {
  private puts = 0;
  firstAt = Number.NaN;
  tokens = 0;

  override put(): void {
    this.puts += 1;
    if (this.puts === 1) return;
    if (this.tokens === 0) this.firstAt = performance.now();
    this.tokens += 1;
  }

  override end(): void {}
}

type Translate = (
  text: string,
  options: Record<string, unknown>,
) => Promise<{ translation_text: string }[] | { translation_text: string }>;

/** Loads Transformers.js's translation pipeline from `modelBase` (a folder URL ending in `/`). */
export async function loadPeerTranslator(
  modelBase: string,
  backend: TranslateBackend,
): Promise<TranslateRunner> {
  const url = new URL(modelBase);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = new URL('..', url).pathname;
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number } };
  if (onnx.wasm)
    onnx.wasm.wasmPaths = {
      mjs: `${PEER_ORT_PATH}ort-wasm-simd-threaded.asyncify.mjs`,
      wasm: `${PEER_ORT_PATH}ort-wasm-simd-threaded.asyncify.wasm`,
    };
  const modelId = url.pathname.split('/').filter(Boolean).at(-1)!;
  const translator = (await pipeline('translation', modelId, {
    device: backend,
    dtype: 'q8',
  })) as unknown as {
    (text: string, options: Record<string, unknown>): ReturnType<Translate>;
    tokenizer: (text: string) => { input_ids: { dims: number[] } };
    dispose(): Promise<void>;
  };
  return {
    ranOn: backend,
    settings: {
      runtime: `Transformers.js ${env.version}`,
      dtype: 'q8',
      threads: onnx.wasm?.numThreads ?? 'onnxruntime default',
    },
    inputTokens: (text) => translator.tokenizer(text).input_ids.dims.at(-1) ?? 0,
    async run(text, maxNewTokens): Promise<TranslateSample> {
      const clock = new TokenClock();
      const started = performance.now();
      const output = await translator(text, {
        max_new_tokens: maxNewTokens,
        num_beams: 1,
        do_sample: false,
        streamer: clock,
      });
      const totalMs = performance.now() - started;
      const firstTokenMs = clock.firstAt - started;
      const first = Array.isArray(output) ? output[0] : output;
      return {
        firstTokenMs,
        totalMs,
        tokens: clock.tokens,
        tokensPerSecond: tokensPerSecond(clock.tokens, firstTokenMs, totalMs),
        text: first?.translation_text ?? '',
      };
    },
    dispose: () => translator.dispose(),
  };
}
