/**
 * What Whisper's generation needs from its JSON files (config.json, generation_config.json,
 * preprocessor_config.json, in the Transformers.js layout), and language detection from the
 * first decoder step's logits.
 */
import type { TensorData } from '../../../worker/types';
import type { DecoderShape } from './seq2seq';
import { CHUNK_SAMPLES, HOP_LENGTH, N_FFT, N_FRAMES, N_MELS, WHISPER_SAMPLE_RATE } from './log-mel';

export interface WhisperConfig {
  shape: DecoderShape;
  startOfTranscriptId: number;
  eosId: number;
  transcribeId: number;
  noTimestampsId: number;
  /** ISO 639-1 code → its language token id (generation_config's lang_to_id). */
  languages: ReadonlyMap<string, number>;
  /** Never generated (suppress_tokens). */
  suppressIds: readonly number[];
  /** Not generated first: a blank and `<|endoftext|>` (begin_suppress_tokens). */
  beginSuppressIds: readonly number[];
  /** Prompt and generated tokens together stay within this. */
  maxLength: number;
}

type Json = Record<string, unknown>;

function integer(source: Json, key: string, file: string): number {
  const value = source[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new Error(`The model's ${file} has no valid "${key}".`);
  return value;
}

function integers(source: Json, key: string, file: string): number[] {
  const value = source[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isInteger(v)))
    throw new Error(`The model's ${file} has no valid "${key}".`);
  return value as number[];
}

function idMap(source: Json, key: string, file: string): Json {
  const value = source[key];
  if (!value || typeof value !== 'object') throw new Error(`The model's ${file} has no "${key}".`);
  return value as Json;
}

/** Reads the ids and limits generation needs; a file missing one fails with its name. */
export function whisperConfig(config: Json, generation: Json): WhisperConfig {
  const file = 'generation_config.json';
  const heads = integer(config, 'decoder_attention_heads', 'config.json');
  const dModel = integer(config, 'd_model', 'config.json');
  const merged = { ...config, ...generation };
  const languages = new Map<string, number>();
  for (const [token, id] of Object.entries(idMap(generation, 'lang_to_id', file))) {
    const code = /^<\|(.+)\|>$/.exec(token)?.[1];
    if (!code || typeof id !== 'number')
      throw new Error(`The model's ${file} lists a bad language "${token}".`);
    languages.set(code, id);
  }
  return {
    shape: { layers: integer(config, 'decoder_layers', 'config.json'), heads, headDim: dModel / heads },
    startOfTranscriptId: integer(merged, 'decoder_start_token_id', file),
    eosId: integer(merged, 'eos_token_id', file),
    transcribeId: integer(idMap(generation, 'task_to_id', file), 'transcribe', file),
    noTimestampsId: integer(generation, 'no_timestamps_token_id', file),
    languages,
    suppressIds: integers(merged, 'suppress_tokens', file),
    beginSuppressIds: integers(merged, 'begin_suppress_tokens', file),
    maxLength: integer(merged, 'max_length', file),
  };
}

/** The feature extractor's settings the app's log-mel front end is built for. */
const EXPECTED_PREPROCESSOR: Record<string, number> = {
  sampling_rate: WHISPER_SAMPLE_RATE,
  n_fft: N_FFT,
  hop_length: HOP_LENGTH,
  feature_size: N_MELS,
  n_samples: CHUNK_SAMPLES,
  nb_max_frames: N_FRAMES,
};

/** Throws when preprocessor_config.json asks for features other than the ones log-mel.ts computes. */
export function checkPreprocessor(preprocessor: Json): void {
  for (const [key, value] of Object.entries(EXPECTED_PREPROCESSOR)) {
    if (preprocessor[key] !== value)
      throw new Error(
        `This Whisper model's preprocessor_config.json has ${key} = ${String(preprocessor[key])}; the app computes features for ${value}.`,
      );
  }
}

/** The language token of an ISO 639-1 code; an unknown code fails with the list of known ones. */
export function languageId(config: WhisperConfig, code: string): number {
  const id = config.languages.get(code);
  if (id === undefined)
    throw new Error(
      `Whisper has no language "${code}". It knows: ${[...config.languages.keys()].join(', ')}.`,
    );
  return id;
}

/**
 * The most likely language from the logits of the step after `<|startoftranscript|>`
 * ([1, 1, vocab]), and its probability: a softmax over the language tokens only.
 */
export function detectLanguage(
  logits: TensorData,
  languages: ReadonlyMap<string, number>,
): { language: string; probability: number } {
  if (logits.dtype !== 'float32') throw new Error(`Expected float32 logits, got ${logits.dtype}.`);
  const offset = logits.data.length - logits.shape.at(-1)!;
  let best = '';
  let max = -Infinity;
  for (const [code, id] of languages) {
    const value = logits.data[offset + id]!;
    if (value > max) [best, max] = [code, value];
  }
  if (!best) throw new Error('The model lists no languages.');
  let sum = 0;
  for (const id of languages.values()) sum += Math.exp(logits.data[offset + id]! - max);
  return { language: best, probability: 1 / sum };
}
