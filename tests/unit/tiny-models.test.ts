/**
 * The tiny test models (models/tiny/make_tiny_models.py → tests/fixtures/models/tiny/) decoded a
 * second, independent way: a plain greedy loop over the encoder and the merged decoder in
 * onnxruntime-web (WebAssembly, in Node), with and without the cache branch, must give the
 * token ids the generator's numpy reference recorded in expected.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as OrtModule from 'onnxruntime-web';
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../fixtures/models/tiny/', import.meta.url);
const ENCODER = 'onnx/encoder_model_quantized.onnx';
const DECODER = 'onnx/decoder_model_merged_quantized.onnx';
/**
 * Logits from onnxruntime and from the numpy reference differ by float rounding, and now and
 * then an activation lands on the neighbouring int8 step, which moves a logit by about 0.025.
 * The cache and no-cache branches are each compared with the reference, not with each other:
 * activations are quantized per tensor, so a call that sees more positions has a coarser int8
 * step and its logits differ by up to about 1.
 */
const LOGIT_TOLERANCE = 0.05;
const MAX_FILE_BYTES = 1_000_000;
/** Each decoding test runs a few dozen small sessions; generous for a loaded CI machine. */
const TIMEOUT_MS = 60_000;

interface FileEntry {
  path: string;
  bytes: number;
  sha256: string;
}
interface MarianCase {
  text: string;
  inputIds: number[];
  outputIds: number[];
  translation: string;
  chosenLogits: number[];
  chosenLogitsWithoutCache: number[];
  firstStepTop5: [number, number][];
}
interface WhisperRun {
  language: string;
  task: string;
  sequence: number[];
  text: string;
  chosenLogits: number[];
  chosenLogitsWithoutCache: number[];
}
interface FeatureCase {
  name: string;
  fill: number;
  blocks: { mels: [number, number]; frames: [number, number]; value: number }[];
  detectedLanguage: string;
  runs: WhisperRun[];
}
interface Expected {
  marian: {
    padId: number;
    eosId: number;
    numHeads: number;
    headDim: number;
    pairs: Record<string, { source: string; target: string; cases: MarianCase[] }>;
  };
  whisper: {
    ids: {
      endOfText: number;
      startOfTranscript: number;
      translate: number;
      transcribe: number;
      noTimestamps: number;
      languages: Record<string, number>;
    };
    beginSuppressTokens: number[];
    numHeads: number;
    headDim: number;
    featureCases: FeatureCase[];
  };
}

const read = (path: string): Buffer => readFileSync(new URL(path, ROOT));
const readJson = <T>(path: string): T => JSON.parse(read(path).toString('utf8')) as T;
const expected = readJson<Expected>('expected.json');
const manifest = readJson<Record<string, FileEntry[]>>('manifest-sizes.json');

let ort: typeof OrtModule;
const sessions = new Map<string, Promise<InferenceSession>>();

beforeAll(async () => {
  ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
}, TIMEOUT_MS);
afterAll(async () => {
  await Promise.all([...sessions.values()].map(async (s) => (await s).release()));
});

/** One session per file, created on first use and released after all tests. */
function load(model: string, file: string): Promise<InferenceSession> {
  const key = `${model}/${file}`;
  if (!sessions.has(key)) sessions.set(key, ort.InferenceSession.create(read(key)));
  return sessions.get(key)!;
}

const int64 = (ids: number[][]): Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(ids.flat().map(BigInt)), [ids.length, ids[0]!.length]);
const flag = (value: boolean): Tensor => new ort.Tensor('bool', new Uint8Array([value ? 1 : 0]), [1]);
const emptyPast = (heads: number, headDim: number, batch = 1): Tensor =>
  new ort.Tensor('float32', new Float32Array(0), [batch, heads, 0, headDim]);

/** Index of the largest value in a row of logits, skipping `suppress`. */
function argmax(row: Float32Array, suppress: number[]): number {
  let best = -1;
  for (let i = 0; i < row.length; i += 1) {
    if (!suppress.includes(i) && (best < 0 || row[i]! > row[best]!)) best = i;
  }
  return best;
}

/** The last position's logits of each batch row of a [B, L, V] tensor. */
function lastRows(logits: Tensor): Float32Array[] {
  const [batch, length, vocab] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  return Array.from({ length: batch }, (_, b) =>
    data.slice(((b + 1) * length - 1) * vocab, (b + 1) * length * vocab),
  );
}

function expectClose(actual: number[], want: number[], label: string): void {
  expect(actual, label).toHaveLength(want.length);
  actual.forEach((v, i) =>
    expect(Math.abs(v - want[i]!), `${label}, step ${i}`).toBeLessThan(LOGIT_TOLERANCE),
  );
}

interface DecodeOptions {
  /** Inputs the decoder takes besides input_ids and the cache: encoder states (and mask), [B, …]. */
  context: Record<string, Tensor>;
  prefix: number[];
  batch?: number;
  eos: number;
  heads: number;
  headDim: number;
  /** Suppressed at every step (Marian's bad_words_ids). */
  suppress?: number[];
  /** Suppressed at the first generated step only (Whisper's begin_suppress_tokens). */
  beginSuppress?: number[];
  maxSteps?: number;
}

interface DecodeResult {
  /** Per batch row: the prefix, then the chosen tokens. */
  sequences: number[][];
  /** Per step: the last position's logits of each row. */
  steps: Float32Array[][];
  /** present.0.encoder.key from the cache branch (optimum returns an empty constant there). */
  cacheBranchEncoderKey?: Tensor;
}

/**
 * Greedy decoding, feeding the cache back (useCache) or the whole sequences every step; stops
 * when every row's last token is the end token, as Transformers.js's generate() does.
 */
async function greedy(decoder: InferenceSession, useCache: boolean, o: DecodeOptions): Promise<DecodeResult> {
  const empty = emptyPast(o.heads, o.headDim, o.batch ?? 1);
  const sequences = Array.from({ length: o.batch ?? 1 }, () => [...o.prefix]);
  const steps: Float32Array[][] = [];
  let past: Record<string, Tensor> | null = null;
  let cacheBranchEncoderKey: Tensor | undefined;
  for (let step = 0; step < (o.maxSteps ?? 64); step += 1) {
    const cached = useCache && past !== null;
    const out: InferenceSession.ReturnType = await decoder.run({
      ...o.context,
      input_ids: int64(sequences.map((s) => (cached ? s.slice(-1) : s))),
      use_cache_branch: flag(cached),
      'past_key_values.0.decoder.key': past?.['past_key_values.0.decoder.key'] ?? empty,
      'past_key_values.0.decoder.value': past?.['past_key_values.0.decoder.value'] ?? empty,
      'past_key_values.0.encoder.key': past?.['past_key_values.0.encoder.key'] ?? empty,
      'past_key_values.0.encoder.value': past?.['past_key_values.0.encoder.value'] ?? empty,
    });
    const suppress = [...(o.suppress ?? []), ...(step === 0 ? (o.beginSuppress ?? []) : [])];
    const rows = lastRows(out.logits!);
    steps.push(rows);
    rows.forEach((row, b) => sequences[b]!.push(argmax(row, suppress)));
    if (useCache) {
      if (cached) cacheBranchEncoderKey = out['present.0.encoder.key'];
      past = {
        'past_key_values.0.decoder.key': out['present.0.decoder.key']!,
        'past_key_values.0.decoder.value': out['present.0.decoder.value']!,
        // The cross-attention cache comes from the first (no-cache) call and is kept.
        'past_key_values.0.encoder.key':
          past?.['past_key_values.0.encoder.key'] ?? out['present.0.encoder.key']!,
        'past_key_values.0.encoder.value':
          past?.['past_key_values.0.encoder.value'] ?? out['present.0.encoder.value']!,
      };
    }
    if (sequences.every((s) => s.at(-1) === o.eos)) break;
  }
  return { sequences, steps, cacheBranchEncoderKey };
}

/** The logit of the token chosen at each step, for batch row 0. */
function chosen(result: DecodeResult): number[] {
  const sequence = result.sequences[0]!;
  const prefix = sequence.length - result.steps.length;
  return result.steps.map((rows, i) => rows[0]![sequence[prefix + i]!]!);
}

const MERGED_INPUTS = [
  'input_ids',
  'encoder_hidden_states',
  'past_key_values.0.decoder.key',
  'past_key_values.0.decoder.value',
  'past_key_values.0.encoder.key',
  'past_key_values.0.encoder.value',
  'use_cache_branch',
];
const MERGED_OUTPUTS = [
  'logits',
  'present.0.decoder.key',
  'present.0.decoder.value',
  'present.0.encoder.key',
  'present.0.encoder.value',
];

describe('tiny model files', () => {
  const realLayout = (id: string): string[] =>
    readJson<{ variants: { files: { path: string }[] }[] }>(`../../../../models/manifests/${id}.json`)
      .variants[0]!.files.map((f) => f.path)
      .sort();

  it('have exactly the files of the real models', () => {
    for (const [model, files] of Object.entries(manifest)) {
      const real = realLayout(model.startsWith('opus-mt') ? 'opus-mt-en-de' : 'whisper-tiny');
      expect(files.map((f) => f.path).sort(), model).toEqual(real);
    }
    expect(Object.keys(manifest).sort()).toEqual([
      'opus-mt-de-en',
      'opus-mt-en-de',
      'opus-mt-en-es',
      'opus-mt-en-fr',
      'opus-mt-es-en',
      'opus-mt-fr-en',
      'whisper-tiny',
    ]);
  });

  it('match manifest-sizes.json (bytes and SHA-256) and stay small', () => {
    for (const [model, files] of Object.entries(manifest)) {
      for (const file of files) {
        const bytes = read(`${model}/${file.path}`);
        expect(bytes.byteLength, `${model}/${file.path}`).toBe(file.bytes);
        expect(createHash('sha256').update(bytes).digest('hex'), `${model}/${file.path}`).toBe(file.sha256);
        expect(file.bytes).toBeLessThan(MAX_FILE_BYTES);
      }
    }
  });
});

/**
 * A minimal reading of the Marian tokenizer.json (Metaspace, Unigram Viterbi, then `</s>`),
 * independent of the generator's Python and of Transformers.js.
 */
function unigramTokenize(
  text: string,
  tokenizer: { model: { vocab: [string, number][]; unk_id: number } },
): number[] {
  const META = '\u2581';
  const specials = new Set(['</s>', '<unk>', '<pad>']);
  const pieces = new Map<string, [number, number]>();
  tokenizer.model.vocab.forEach(([piece, score], id) => {
    if (!specials.has(piece)) pieces.set(piece, [id, score]);
  });
  const unkScore = Math.min(...tokenizer.model.vocab.map(([, score]) => score)) - 10;
  const chars = Array.from(META + text.trim().replaceAll(' ', META));
  const best: { score: number; start: number; id: number }[] = [{ score: 0, start: -1, id: -1 }];
  for (let end = 1; end <= chars.length; end += 1) {
    best[end] = { score: -Infinity, start: -1, id: -1 };
    for (let start = 0; start < end; start += 1) {
      const piece = pieces.get(chars.slice(start, end).join(''));
      const [id, score] = piece ?? (end - start === 1 ? [tokenizer.model.unk_id, unkScore] : [-1, -Infinity]);
      if (best[start]!.score + score > best[end]!.score)
        best[end] = { score: best[start]!.score + score, start, id };
    }
  }
  const ids: number[] = [];
  for (let end = chars.length; end > 0; end = best[end]!.start) ids.unshift(best[end]!.id);
  const eos = tokenizer.model.vocab.findIndex(([piece]) => piece === '</s>');
  return [...ids.filter((id, i) => id !== tokenizer.model.unk_id || ids[i - 1] !== id), eos];
}

describe('tiny Marian tokenizer.json', () => {
  it('tokenizes the test sentences to the recorded ids', () => {
    for (const [model, pair] of Object.entries(expected.marian.pairs)) {
      const tokenizer = readJson<Parameters<typeof unigramTokenize>[1]>(`${model}/tokenizer.json`);
      for (const c of pair.cases)
        expect(unigramTokenize(c.text, tokenizer), `${model} ${c.text}`).toEqual(c.inputIds);
    }
  });
});

describe('tiny Marian in onnxruntime-web equals the numpy reference', () => {
  const m = expected.marian;
  const shape = { eos: m.eosId, heads: m.numHeads, headDim: m.headDim, suppress: [m.padId] };

  async function encode(model: string, rows: number[][]): Promise<Record<string, Tensor>> {
    const encoder = await load(model, ENCODER);
    const width = Math.max(...rows.map((r) => r.length));
    const ids = rows.map((r) => [...r, ...Array<number>(width - r.length).fill(m.padId)]);
    const mask = int64(rows.map((r) => ids[0]!.map((_, i) => (i < r.length ? 1 : 0))));
    const { last_hidden_state: states } = await encoder.run({ input_ids: int64(ids), attention_mask: mask });
    return { encoder_hidden_states: states!, encoder_attention_mask: mask };
  }

  for (const [model, pair] of Object.entries(m.pairs)) {
    it(
      `${model}: greedy ids with and without the cache branch`,
      async () => {
        const encoder = await load(model, ENCODER);
        const decoder = await load(model, DECODER);
        expect([...encoder.inputNames].sort()).toEqual(['attention_mask', 'input_ids']);
        expect(encoder.outputNames).toEqual(['last_hidden_state']);
        expect([...decoder.inputNames].sort()).toEqual([...MERGED_INPUTS, 'encoder_attention_mask'].sort());
        expect(decoder.outputNames).toEqual(MERGED_OUTPUTS);

        for (const c of pair.cases) {
          const options = { ...shape, context: await encode(model, [c.inputIds]), prefix: [m.padId] };
          const cached = await greedy(decoder, true, options);
          const full = await greedy(decoder, false, options);
          expect(cached.sequences[0], c.text).toEqual(c.outputIds);
          expect(full.sequences[0], c.text).toEqual(c.outputIds);
          expectClose(chosen(cached), c.chosenLogits, `${c.text}, with the cache`);
          expectClose(chosen(full), c.chosenLogitsWithoutCache, `${c.text}, without the cache`);
          const first = cached.steps[0]![0]!;
          for (const [id, logit] of c.firstStepTop5)
            expect(Math.abs(first[id]! - logit)).toBeLessThan(LOGIT_TOLERANCE);
          // optimum's merged decoders return an empty constant for the cross-attention cache
          // on the cache branch; callers must keep the first call's.
          expect(cached.cacheBranchEncoderKey?.dims).toEqual([0, m.numHeads, 1, m.headDim]);
        }
      },
      TIMEOUT_MS,
    );
  }

  it(
    'decodes a right-padded batch row by row as it does one sentence at a time',
    async () => {
      const model = 'opus-mt-en-de';
      const cases = m.pairs[model]!.cases.slice(0, 3);
      const context = await encode(
        model,
        cases.map((c) => c.inputIds),
      );
      const decoder = await load(model, DECODER);
      const { sequences } = await greedy(decoder, true, {
        ...shape,
        context,
        prefix: [m.padId],
        batch: cases.length,
      });
      sequences.forEach((s, b) => {
        const want = cases[b]!.outputIds;
        expect(s.slice(0, want.length), cases[b]!.text).toEqual(want);
        // A row that has ended keeps saying </s>, so the batch ends when the longest row does.
        expect(new Set(s.slice(want.length - 1))).toEqual(new Set([m.eosId]));
      });
    },
    TIMEOUT_MS,
  );
});

describe('tiny Whisper in onnxruntime-web equals the numpy reference', () => {
  const w = expected.whisper;
  const shape = { eos: w.ids.endOfText, heads: w.numHeads, headDim: w.headDim };

  /** [1, 80, 3000] log-mel features from a case's fill value and blocks. */
  function features(c: FeatureCase): Tensor {
    const [mels, frames] = [80, 3000];
    const data = new Float32Array(mels * frames).fill(c.fill);
    for (const {
      mels: [m0, m1],
      frames: [f0, f1],
      value,
    } of c.blocks) {
      for (let m = m0; m < m1; m += 1) data.fill(value, m * frames + f0, m * frames + f1);
    }
    return new ort.Tensor('float32', data, [1, mels, frames]);
  }

  it(
    'has the Whisper interface',
    async () => {
      const encoder = await load('whisper-tiny', ENCODER);
      const decoder = await load('whisper-tiny', DECODER);
      expect(encoder.inputNames).toEqual(['input_features']);
      expect(encoder.outputNames).toEqual(['last_hidden_state']);
      expect([...decoder.inputNames].sort()).toEqual([...MERGED_INPUTS].sort());
      expect(decoder.outputNames).toEqual(MERGED_OUTPUTS);
    },
    TIMEOUT_MS,
  );

  for (const c of w.featureCases) {
    it(
      `${c.name}: language and transcripts, with and without the cache branch`,
      async () => {
        const encoder = await load('whisper-tiny', ENCODER);
        const decoder = await load('whisper-tiny', DECODER);
        const { last_hidden_state: states } = await encoder.run({ input_features: features(c) });
        expect(states!.dims).toEqual([1, 1500, w.numHeads * w.headDim]);
        const context = { encoder_hidden_states: states! };

        // Language detection: one step from <|startoftranscript|>, the best language token.
        const detect = await greedy(decoder, true, {
          ...shape,
          context,
          prefix: [w.ids.startOfTranscript],
          maxSteps: 1,
        });
        const scores = detect.steps[0]![0]!;
        const [best] = Object.entries(w.ids.languages).sort(([, a], [, b]) => scores[b]! - scores[a]!);
        expect(best![0]).toBe(c.detectedLanguage);

        for (const run of c.runs) {
          const task = run.task === 'translate' ? w.ids.translate : w.ids.transcribe;
          const prefix = [w.ids.startOfTranscript, w.ids.languages[run.language]!, task, w.ids.noTimestamps];
          const options = { ...shape, context, prefix, beginSuppress: w.beginSuppressTokens };
          const label = `${run.language} ${run.task}`;
          const cached = await greedy(decoder, true, options);
          const full = await greedy(decoder, false, options);
          expect(cached.sequences[0], label).toEqual(run.sequence);
          expect(full.sequences[0], label).toEqual(run.sequence);
          expectClose(chosen(cached), run.chosenLogits, `${label}, with the cache`);
          expectClose(chosen(full), run.chosenLogitsWithoutCache, `${label}, without the cache`);
        }
      },
      TIMEOUT_MS,
    );
  }
});
