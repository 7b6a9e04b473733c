import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TensorData } from '../../../worker/types';
import { checkPreprocessor, detectLanguage, languageId, whisperConfig } from './whisper-config';

const TINY = new URL('../../../../tests/fixtures/models/tiny/whisper-tiny/', import.meta.url);
const json = (name: string) =>
  JSON.parse(readFileSync(new URL(name, TINY), 'utf8')) as Record<string, unknown>;

const CONFIG = {
  decoder_attention_heads: 4,
  d_model: 256,
  decoder_layers: 3,
  eos_token_id: 9,
  max_length: 64,
};
const GENERATION = {
  decoder_start_token_id: 10,
  eos_token_id: 11,
  lang_to_id: { '<|en|>': 20, '<|de|>': 21, '<|es|>': 22 },
  task_to_id: { translate: 30, transcribe: 31 },
  no_timestamps_token_id: 0,
  suppress_tokens: [1, 2],
  begin_suppress_tokens: [3, 11],
};

const logits = (rows: number[][]): TensorData => ({
  dtype: 'float32',
  shape: [1, rows.length, rows[0]!.length],
  data: Float32Array.from(rows.flat()),
});

describe('whisperConfig', () => {
  it('reads the ids and limits, generation_config.json over config.json', () => {
    const c = whisperConfig(CONFIG, GENERATION);
    expect(c.shape).toEqual({ layers: 3, heads: 4, headDim: 64 });
    expect(c.startOfTranscriptId).toBe(10);
    expect(c.eosId).toBe(11);
    expect(c.transcribeId).toBe(31);
    expect(c.noTimestampsId).toBe(0);
    expect([...c.languages]).toEqual([
      ['en', 20],
      ['de', 21],
      ['es', 22],
    ]);
    expect(c.suppressIds).toEqual([1, 2]);
    expect(c.beginSuppressIds).toEqual([3, 11]);
    expect(c.maxLength).toBe(64);
  });

  it('takes a value from config.json when generation_config.json lacks it', () => {
    const { eos_token_id: _eos, ...generation } = GENERATION;
    expect(whisperConfig(CONFIG, generation).eosId).toBe(9);
  });

  it('reads the tiny Whisper the tests generate', () => {
    const c = whisperConfig(json('config.json'), json('generation_config.json'));
    expect(c.shape).toEqual({ layers: 1, heads: 2, headDim: 32 });
    expect(c.startOfTranscriptId).toBe(313);
    expect(c.eosId).toBe(312);
    expect(c.languages.get('en')).toBe(314);
    expect(c.beginSuppressIds).toEqual([220, 312]);
  });

  it.each([
    ['decoder_attention_heads', 'config.json'],
    ['d_model', 'config.json'],
    ['decoder_layers', 'config.json'],
    ['max_length', 'generation_config.json'],
  ])('fails on a missing or invalid config.json "%s", naming %s', (key, file) => {
    for (const bad of [undefined, -1, 1.5, '4', null]) {
      expect(() => whisperConfig({ ...CONFIG, [key]: bad }, GENERATION)).toThrow(
        `The model's ${file} has no valid "${key}".`,
      );
    }
  });

  it.each(['decoder_start_token_id', 'no_timestamps_token_id', 'suppress_tokens', 'begin_suppress_tokens'])(
    'fails on a missing or invalid "%s", naming generation_config.json',
    (key) => {
      for (const bad of [undefined, -1, 2.5, 'x', [1, 'x'], [1.5]]) {
        if (Array.isArray(bad) && !key.endsWith('tokens')) continue;
        expect(() => whisperConfig(CONFIG, { ...GENERATION, [key]: bad })).toThrow(
          `The model's generation_config.json has no valid "${key}".`,
        );
      }
    },
  );

  it('accepts id 0 and an empty suppress list', () => {
    const c = whisperConfig(CONFIG, { ...GENERATION, decoder_start_token_id: 0, suppress_tokens: [] });
    expect(c.startOfTranscriptId).toBe(0);
    expect(c.suppressIds).toEqual([]);
  });

  it('fails without the language and task tables', () => {
    for (const key of ['lang_to_id', 'task_to_id']) {
      for (const bad of [undefined, null, 'x', 5]) {
        expect(() => whisperConfig(CONFIG, { ...GENERATION, [key]: bad })).toThrow(
          `The model's generation_config.json has no "${key}".`,
        );
      }
    }
    expect(() => whisperConfig(CONFIG, { ...GENERATION, task_to_id: { translate: 30 } })).toThrow(
      'has no valid "transcribe"',
    );
  });

  it('fails on a language entry that is not <|code|> → number', () => {
    for (const table of [
      { en: 20 },
      { '<|en|': 20 },
      { '<||>': 20 },
      { '<|en|>': '20' },
      { 'x<|en|>': 20 },
      { '<|en|>x': 20 },
    ]) {
      expect(() => whisperConfig(CONFIG, { ...GENERATION, lang_to_id: table })).toThrow(
        `The model's generation_config.json lists a bad language "${Object.keys(table)[0]}".`,
      );
    }
  });
});

describe('checkPreprocessor', () => {
  const good = json('preprocessor_config.json');

  it('accepts the features log-mel.ts computes', () => {
    expect(() => checkPreprocessor(good)).not.toThrow();
  });

  it.each([
    ['sampling_rate', 8000, 16000],
    ['n_fft', 512, 400],
    ['hop_length', 320, 160],
    ['feature_size', 128, 80],
    ['n_samples', 240000, 480000],
    ['nb_max_frames', 1500, 3000],
  ])('refuses %s = %i', (key, value, expected) => {
    expect(() => checkPreprocessor({ ...good, [key]: value })).toThrow(
      `This Whisper model's preprocessor_config.json has ${key} = ${value}; the app computes features for ${expected}.`,
    );
  });

  it('refuses a missing setting', () => {
    const { hop_length: _hop, ...missing } = good;
    expect(() => checkPreprocessor(missing)).toThrow('has hop_length = undefined;');
  });
});

describe('languageId', () => {
  const config = whisperConfig(CONFIG, GENERATION);

  it('gives the token of a known code', () => {
    expect(languageId(config, 'de')).toBe(21);
  });

  it('names the known codes for an unknown one', () => {
    expect(() => languageId(config, 'xx')).toThrow('Whisper has no language "xx". It knows: en, de, es.');
  });
});

describe('detectLanguage', () => {
  const languages = new Map([
    ['en', 1],
    ['de', 2],
    ['es', 4],
  ]);

  it('picks the language with the highest logit and its softmax over language tokens only', () => {
    // Token 3 is not a language: its large logit must not count.
    const result = detectLanguage(logits([[0, 1, 3, 50, 2]]), languages);
    expect(result.language).toBe('de');
    const expected = Math.exp(3) / (Math.exp(1) + Math.exp(3) + Math.exp(2));
    expect(result.probability).toBeCloseTo(expected, 6);
  });

  it('reads the last position of [1, steps, vocab]', () => {
    const result = detectLanguage(
      logits([
        [0, 9, 0, 0, 0],
        [0, 0, 0, 0, 5],
      ]),
      languages,
    );
    expect(result.language).toBe('es');
    expect(result.probability).toBeCloseTo(Math.exp(5) / (2 + Math.exp(5)), 6);
  });

  it('keeps the first of equal logits, with probability shared', () => {
    const result = detectLanguage(logits([[0, 2, 2, 0, 2]]), languages);
    expect(result.language).toBe('en');
    expect(result.probability).toBeCloseTo(1 / 3, 6);
  });

  it('handles negative logits', () => {
    const result = detectLanguage(logits([[0, -7, -9, 0, -8]]), languages);
    expect(result.language).toBe('en');
  });

  it('refuses non-float logits and an empty language table', () => {
    const ints: TensorData = { dtype: 'int32', shape: [1, 1, 5], data: new Int32Array(5) };
    expect(() => detectLanguage(ints, languages)).toThrow('Expected float32 logits, got int32.');
    expect(() => detectLanguage(logits([[0, 1, 2, 3, 4]]), new Map())).toThrow(
      'The model lists no languages.',
    );
  });
});
