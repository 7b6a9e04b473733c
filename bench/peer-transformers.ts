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
import type { TranslateRunner } from '../src/features/bench/run/translate-run';

/** Where the bench build puts the peer's onnxruntime-web WebAssembly (see bench/vite.config.ts). */
export const PEER_ORT_PATH = '/bench/peer-ort/';

/**
 * Counts generated tokens and stamps the first and the last (the first put() is the decoder's
 * start token). Marian's config sets `forced_eos_token_id`, so Transformers.js turns the token
 * at its length limit into `</s>`; the peer is asked for one step more than ours, and that forced
 * `</s>` is neither counted nor timed, so both engines generate the same tokens.
 */
class TokenClock extends BaseStreamer {
  private puts = 0;
  firstAt = Number.NaN;
  lastAt = Number.NaN;
  tokens = 0;

  constructor(private readonly eosId: number | undefined) {
    super();
  }

  override put(value: bigint[][]): void {
    this.puts += 1;
    if (this.puts === 1) return;
    if (Number(value[0]?.at(-1)) === this.eosId) return;
    this.lastAt = performance.now();
    if (this.tokens === 0) this.firstAt = this.lastAt;
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
    model: { generation_config?: { forced_eos_token_id?: number; eos_token_id?: number } };
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
      const generation = translator.model.generation_config;
      const forcedEos = generation?.forced_eos_token_id;
      const clock = new TokenClock(forcedEos ?? generation?.eos_token_id);
      const started = performance.now();
      const output = await translator(text, {
        max_new_tokens: forcedEos === undefined ? maxNewTokens : maxNewTokens + 1,
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
        tokensPerSecond: tokensPerSecond(clock.tokens, firstTokenMs, clock.lastAt - started),
        text: first?.translation_text ?? '',
      };
    },
    dispose: () => translator.dispose(),
  };
}
