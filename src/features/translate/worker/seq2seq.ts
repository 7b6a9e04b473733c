/**
 * Greedy generation for encoder-decoder transformers exported the way Transformers.js expects
 * (Hugging Face Optimum): an encoder, and one "merged" decoder whose `use_cache_branch` input
 * picks the first step (no cache) or a cached step. Marian (opus-mt) and Whisper share it.
 *
 * The encoder runs once. Each decoder step feeds only the newest token and the key/value cache
 * of the steps before (self-attention keys grow by one per step; cross-attention keys are the
 * first step's and never change), so a step costs the same however long the output is.
 */
import type { TensorData } from '../../../worker/types';
import { nextTask } from './next-task';

/** Runs an ONNX model on named inputs; returns its named outputs. */
export type NamedRunner = (inputs: Record<string, TensorData>) => Promise<Record<string, TensorData>>;

export interface DecoderShape {
  layers: number;
  heads: number;
  /** Per-head size: d_model / heads. */
  headDim: number;
}

export interface GenerateOptions {
  /** The forced first decoder token(s): Marian's pad id, Whisper's <|startoftranscript|> and its task tokens. */
  startIds: readonly number[];
  eosId: number;
  maxNewTokens: number;
  /** Token ids never generated (Marian's pad, Whisper's suppress_tokens). */
  suppressIds?: readonly number[];
  /** Token ids not generated at the first step only (Whisper's begin_suppress_tokens: no blank, no eos). */
  beginSuppressIds?: readonly number[];
  /** Called with each new token id as it is chosen; return false to stop. */
  onToken?: (id: number) => boolean | void;
  signal?: AbortSignal;
}

export interface GenerateResult {
  /** Generated ids, without the start tokens and without eos. */
  ids: number[];
  /** Milliseconds from the call to the first generated token, and in total. */
  firstTokenMs: number;
  totalMs: number;
  stoppedBy: 'eos' | 'max-tokens' | 'caller';
}

const int64 = (values: readonly number[], shape: number[]): TensorData => ({
  dtype: 'int64',
  shape,
  data: BigInt64Array.from(values, (v) => BigInt(v)),
});

function emptyCache(shape: DecoderShape): TensorData {
  return { dtype: 'float32', shape: [1, shape.heads, 0, shape.headDim], data: new Float32Array(0) };
}

/** Index of the largest logit in the last position's row, skipping `suppress`. */
export function argmaxLast(logits: TensorData, suppress: ReadonlySet<number>): number {
  if (logits.dtype !== 'float32') throw new Error(`Expected float32 logits, got ${logits.dtype}.`);
  const vocab = logits.shape.at(-1)!;
  const offset = logits.data.length - vocab;
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < vocab; i += 1) {
    const value = logits.data[offset + i]!;
    if (value > bestValue && !suppress.has(i)) {
      bestValue = value;
      best = i;
    }
  }
  return best;
}

function abortError(): DOMException {
  return new DOMException('The call was cancelled.', 'AbortError');
}

/** The decoder's key/value cache between steps, by input name (past_key_values.*). */
export type DecoderCache = Record<string, TensorData>;

export interface DecoderStep {
  /** [1, ids.length, vocab]. */
  logits: TensorData;
  /** The cache to feed with the next step's token. */
  cache: DecoderCache;
}

/**
 * One merged-decoder call: `ids` after the steps `past` holds (null: the first step, no cache).
 * The encoder's attention mask is passed only to models that take one (Marian; Whisper has none).
 */
export async function decoderStep(
  decoder: NamedRunner,
  shape: DecoderShape,
  encoderHiddenStates: TensorData,
  encoderAttentionMask: TensorData | null,
  ids: readonly number[],
  past: DecoderCache | null,
): Promise<DecoderStep> {
  const inputs: Record<string, TensorData> = {
    input_ids: int64(ids, [1, ids.length]),
    encoder_hidden_states: encoderHiddenStates,
    use_cache_branch: { dtype: 'bool', shape: [1], data: Uint8Array.of(past ? 1 : 0) },
  };
  if (encoderAttentionMask) inputs.encoder_attention_mask = encoderAttentionMask;
  for (let layer = 0; layer < shape.layers; layer += 1) {
    for (const part of ['decoder', 'encoder'] as const) {
      for (const kind of ['key', 'value'] as const) {
        const name = `past_key_values.${layer}.${part}.${kind}`;
        inputs[name] = past?.[name] ?? emptyCache(shape);
      }
    }
  }
  const outputs = await decoder(inputs);
  const logits = outputs.logits;
  if (!logits) throw new Error('The decoder returned no logits.');
  const cache: DecoderCache = {};
  for (let layer = 0; layer < shape.layers; layer += 1) {
    for (const kind of ['key', 'value'] as const) {
      cache[`past_key_values.${layer}.decoder.${kind}`] = outputs[`present.${layer}.decoder.${kind}`]!;
      // Cross-attention keys come from the encoder once; cached steps may return them empty.
      const encoderName = `past_key_values.${layer}.encoder.${kind}`;
      cache[encoderName] = past?.[encoderName] ?? outputs[`present.${layer}.encoder.${kind}`]!;
    }
  }
  return { logits, cache };
}

/**
 * Greedy decoding against a merged decoder, given the encoder's output and attention mask
 * (null for Whisper, whose decoder takes none). The start ids are a forced prompt fed in one
 * first step (Whisper's `<|startoftranscript|>`, language, task, `<|notimestamps|>`). Tokens
 * come out one by one through `onToken` (so a page can show them as they arrive). Each step
 * first lets the worker handle its queued messages, so an abort sent while it runs stops it
 * before the next decoder step, and other calls are not held up until it ends.
 */
export async function generate(
  decoder: NamedRunner,
  shape: DecoderShape,
  encoderHiddenStates: TensorData,
  encoderAttentionMask: TensorData | null,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const started = performance.now();
  const suppress = new Set(options.suppressIds ?? []);
  const firstSuppress = new Set([...suppress, ...(options.beginSuppressIds ?? [])]);
  const ids: number[] = [];
  let firstTokenMs = 0;
  let past: DecoderCache | null = null;
  let next: readonly number[] = options.startIds;
  for (let step = 0; step < options.maxNewTokens; step += 1) {
    // Decoder runs never leave the worker's current task: a cancel from the page is handled
    // only here, between steps, so generation stops at the next step rather than at the end.
    await nextTask();
    if (options.signal?.aborted) throw abortError();
    const { logits, cache } = await decoderStep(
      decoder,
      shape,
      encoderHiddenStates,
      encoderAttentionMask,
      next,
      past,
    );
    const id = argmaxLast(logits, step === 0 ? firstSuppress : suppress);
    if (step === 0) firstTokenMs = performance.now() - started;
    past = cache;
    if (id === options.eosId)
      return { ids, firstTokenMs, totalMs: performance.now() - started, stoppedBy: 'eos' };
    ids.push(id);
    if (options.onToken?.(id) === false)
      return { ids, firstTokenMs, totalMs: performance.now() - started, stoppedBy: 'caller' };
    next = [id];
  }
  return { ids, firstTokenMs, totalMs: performance.now() - started, stoppedBy: 'max-tokens' };
}
