/**
 * MarianMT (opus-mt) translation on two ONNX sessions in the Transformers.js layout: the
 * tokenizer (tokenizer.json, through Tokenizers.js), the encoder, and the merged decoder driven
 * by greedy generation (seq2seq.ts). Text is translated a sentence at a time; each sentence's
 * tokens are reported as they are generated.
 */
import type { Tokenizer } from '@huggingface/tokenizers';
import type { TensorData } from '../../../worker/types';
import { readModelFiles, type ModelFiles } from './model-files';
import { generate, type DecoderShape, type NamedRunner } from './seq2seq';
import { splitSentences } from './sentences';
import type { Translation } from '../shared/translation';

/** What generation needs from config.json and generation_config.json. */
export interface MarianConfig {
  shape: DecoderShape;
  decoderStartId: number;
  eosId: number;
  padId: number;
  maxLength: number;
}

function integer(source: Record<string, unknown>, key: string, file: string): number {
  const value = source[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new Error(`The model's ${file} has no valid "${key}".`);
  return value;
}

/** Reads the numbers generation needs; a file missing one fails with its name. */
export function marianConfig(
  config: Record<string, unknown>,
  generation: Record<string, unknown>,
): MarianConfig {
  const heads = integer(config, 'decoder_attention_heads', 'config.json');
  const dModel = integer(config, 'd_model', 'config.json');
  const merged = { ...config, ...generation };
  return {
    shape: { layers: integer(config, 'decoder_layers', 'config.json'), heads, headDim: dModel / heads },
    decoderStartId: integer(merged, 'decoder_start_token_id', 'generation_config.json'),
    eosId: integer(merged, 'eos_token_id', 'generation_config.json'),
    padId: integer(merged, 'pad_token_id', 'generation_config.json'),
    maxLength: integer(merged, 'max_length', 'generation_config.json'),
  };
}

export interface TranslateOptions {
  signal?: AbortSignal;
  /** The whole output so far, after each token. */
  onPartial?: (text: string) => void;
}

/** Partial output goes to the page at most this often. */
export const PARTIAL_EVERY_MS = 100;

const int64 = (values: readonly number[]): TensorData => ({
  dtype: 'int64',
  shape: [1, values.length],
  data: BigInt64Array.from(values, (v) => BigInt(v)),
});

export class MarianTranslator {
  constructor(
    private readonly encoder: NamedRunner,
    private readonly decoder: NamedRunner,
    private readonly tokenizer: Tokenizer,
    private readonly config: MarianConfig,
  ) {}

  /** Builds a translator from the parsed JSON files of a model folder. */
  static fromFiles(encoder: NamedRunner, decoder: NamedRunner, files: ModelFiles): MarianTranslator {
    const { tokenizer, config } = readModelFiles(files, marianConfig);
    return new MarianTranslator(encoder, decoder, tokenizer, config);
  }

  /** Token ids of one sentence, with the end-of-sentence token the model was trained with. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text).ids;
  }

  /** Translates one sentence; `onText` gets the sentence's output so far, token by token. */
  async sentence(
    text: string,
    options: { signal?: AbortSignal; onText?: (text: string) => void } = {},
  ): Promise<{ text: string; tokens: number; firstTokenMs: number }> {
    const ids = this.encode(text);
    const started = performance.now();
    const mask = int64(ids.map(() => 1));
    const encoded = await this.encoder({ input_ids: int64(ids), attention_mask: mask });
    const encoderMs = performance.now() - started;
    const hidden = encoded.last_hidden_state;
    if (!hidden) throw new Error('The encoder returned no last_hidden_state.');
    const { config } = this;
    const out: number[] = [];
    const result = await generate(this.decoder, config.shape, hidden, mask, {
      startIds: [config.decoderStartId],
      eosId: config.eosId,
      suppressIds: [config.padId],
      // A translation is rarely over twice its source; the model's own limit caps it.
      maxNewTokens: Math.min(config.maxLength, 2 * ids.length + 16),
      signal: options.signal,
      onToken: (id) => {
        out.push(id);
        options.onText?.(this.tokenizer.decode(out, { skip_special_tokens: true }));
      },
    });
    return {
      text: this.tokenizer.decode(result.ids, { skip_special_tokens: true }),
      tokens: result.ids.length,
      firstTokenMs: encoderMs + result.firstTokenMs,
    };
  }

  /** Translates a text of any length, sentence by sentence, keeping its whitespace and line breaks. */
  async translate(text: string, options: TranslateOptions = {}): Promise<Translation> {
    const started = performance.now();
    const pieces = splitSentences(text);
    let done = '';
    let tokens = 0;
    let sentences = 0;
    let firstTokenMs = 0;
    let lastPartial = -Infinity;
    for (const piece of pieces) {
      if (options.signal?.aborted) throw new DOMException('The translation was cancelled.', 'AbortError');
      if (!piece.translate) {
        done += piece.text;
        continue;
      }
      const sentenceStarted = performance.now();
      const result = await this.sentence(piece.text, {
        signal: options.signal,
        onText: (partial) => {
          // The whole output so far crosses to the page: at most every PARTIAL_EVERY_MS, so a
          // long text does not send its growing output once per token.
          const now = performance.now();
          if (now - lastPartial < PARTIAL_EVERY_MS) return;
          lastPartial = now;
          options.onPartial?.(done + partial);
        },
      });
      if (sentences === 0) firstTokenMs = sentenceStarted - started + result.firstTokenMs;
      done += result.text;
      tokens += result.tokens;
      sentences += 1;
    }
    options.onPartial?.(done);
    return { text: done, stats: { sentences, tokens, firstTokenMs, totalMs: performance.now() - started } };
  }
}
