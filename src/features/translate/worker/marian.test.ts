/**
 * The app's translator (Tokenizers.js + seq2seq.ts) on the project's tiny Marian models
 * (tests/fixtures/models/tiny, made by models/tiny): its output must equal the generator's
 * independent numpy decoding recorded in expected.json, token for token.
 */
import { readFileSync } from 'node:fs';
import type * as OrtModule from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorData } from '../../../worker/types';
import { MarianTranslator } from './marian';
import type { NamedRunner } from './seq2seq';

const ROOT = new URL('../../../../tests/fixtures/models/tiny/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', ROOT), 'utf8')) as {
  marian: {
    pairs: Record<
      string,
      { cases: { text: string; inputIds: number[]; outputIds: number[]; translation: string }[] }
    >;
  };
};

let ort: typeof OrtModule;

/** Starting onnxruntime and its sessions takes seconds on a busy machine. */
const TIMEOUT_MS = 60_000;

beforeAll(async () => {
  ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
}, TIMEOUT_MS);

const file = (model: string, path: string) => readFileSync(new URL(`${model}/${path}`, ROOT));
const json = (model: string, path: string) => JSON.parse(file(model, path).toString('utf8')) as object;

async function runner(model: string, path: string): Promise<NamedRunner> {
  const session = await ort.InferenceSession.create(file(model, path));
  return async (inputs) => {
    const feeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, input] of Object.entries(inputs))
      if (session.inputNames.includes(name))
        feeds[name] = new ort.Tensor(input.dtype, input.data, input.shape);
    const results = await session.run(feeds);
    const outputs: Record<string, TensorData> = {};
    for (const [name, tensor] of Object.entries(results))
      outputs[name] = { dtype: 'float32', shape: [...tensor.dims], data: tensor.data as Float32Array };
    return outputs;
  };
}

async function translator(model: string): Promise<MarianTranslator> {
  return MarianTranslator.fromFiles(
    await runner(model, 'onnx/encoder_model_quantized.onnx'),
    await runner(model, 'onnx/decoder_model_merged_quantized.onnx'),
    {
      tokenizer: json(model, 'tokenizer.json'),
      tokenizerConfig: json(model, 'tokenizer_config.json'),
      config: json(model, 'config.json'),
      generationConfig: json(model, 'generation_config.json'),
    },
  );
}

describe('MarianTranslator on the tiny models', { timeout: TIMEOUT_MS }, () => {
  for (const [model, { cases }] of Object.entries(expected.marian.pairs)) {
    it(`${model}: tokens and text equal the reference decoding`, async () => {
      const marian = await translator(model);
      for (const c of cases) {
        expect(marian.encode(c.text)).toEqual(c.inputIds);
        const partials: string[] = [];
        const result = await marian.sentence(c.text, { onText: (text) => partials.push(text) });
        expect(result.text).toBe(c.translation);
        // The reference's ids run from the start token to eos; ours are what lies between.
        expect(result.tokens).toBe(c.outputIds.length - 2);
        expect(partials.at(-1)).toBe(c.translation);
      }
    });
  }

  it('translates text of several sentences, keeping the whitespace between them', async () => {
    const marian = await translator('opus-mt-en-de');
    const cases = expected.marian.pairs['opus-mt-en-de']!.cases;
    const text = `${cases[0]!.text}.\n\n${cases[2]!.text}.`;
    const seen: string[] = [];
    const result = await marian.translate(text, { onPartial: (partial) => seen.push(partial) });
    const first = (await marian.sentence(`${cases[0]!.text}.`)).text;
    const second = (await marian.sentence(`${cases[2]!.text}.`)).text;
    expect(result.text).toBe(`${first}\n\n${second}`);
    expect(result.stats.sentences).toBe(2);
    expect(seen.at(-1)).toBe(result.text);
  });

  it('stops at once when cancelled', async () => {
    const marian = await translator('opus-mt-en-de');
    const controller = new AbortController();
    controller.abort();
    await expect(marian.translate('hello world', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
