/**
 * The app's translator (Tokenizers.js + seq2seq.ts) on the project's tiny Marian models
 * (tests/fixtures/models/tiny, made by models/tiny): its output must equal the generator's
 * independent numpy decoding recorded in expected.json, token for token.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MarianTranslator } from './marian';
import { ortRunner } from './ort-runner.test-helpers';
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

/** Starting onnxruntime and its sessions takes seconds on a busy machine. */
const TIMEOUT_MS = 60_000;

const file = (model: string, path: string) => readFileSync(new URL(`${model}/${path}`, ROOT));
const json = (model: string, path: string) => JSON.parse(file(model, path).toString('utf8')) as object;

const runner = (model: string, path: string) => ortRunner(file(model, path));

/** The translator of `model`; `wrapDecoder` and `wrapEncoder` may watch the model's calls. */
async function translator(
  model: string,
  wrapDecoder: (decoder: NamedRunner) => NamedRunner = (decoder) => decoder,
  wrapEncoder: (encoder: NamedRunner) => NamedRunner = (encoder) => encoder,
): Promise<MarianTranslator> {
  return MarianTranslator.fromFiles(
    wrapEncoder(await runner(model, 'onnx/encoder_model_quantized.onnx')),
    wrapDecoder(await runner(model, 'onnx/decoder_model_merged_quantized.onnx')),
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

  it('takes emoji and right-to-left text through the tiny vocabulary as `<unk>`', async () => {
    const encoded: number[][] = [];
    const marian = await translator(
      'opus-mt-en-de',
      (decoder) => decoder,
      (encoder) => async (inputs) => {
        encoded.push(Array.from(inputs.input_ids!.data, Number));
        return encoder(inputs);
      },
    );
    // Three sentences, the text's own spaces kept between them (tests/e2e/translate.spec.ts).
    expect((await marian.translate('hello world 😀. שלום עולם. مرحبا')).text).toBe('hallo welt. . ');
    // The tiny vocabulary has no emoji, Hebrew or Arabic letters: each run of them reaches the
    // model as `<unk>` (1) after a word boundary (2); the model copies `<unk>` and decoding leaves
    // it out, so the output alone cannot show that they arrived.
    expect(encoded).toEqual([
      [107, 115, 2, 1, 96, 0],
      [2, 1, 2, 1, 96, 0],
      [2, 1, 0],
    ]);
  });

  it('stops at once when cancelled, before it starts and in the middle of a sentence', async () => {
    let steps = 0;
    const marian = await translator('opus-mt-en-de', (decoder) => async (inputs) => {
      steps += 1;
      return decoder(inputs);
    });
    const before = new AbortController();
    before.abort();
    await expect(marian.translate('hello world', { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(steps, 'decoder steps for a call cancelled before it started').toBe(0);

    // Cancelled when the first word of the first of three sentences arrives: no further decoder
    // step and no further output.
    const sentence = `${expected.marian.pairs['opus-mt-en-de']!.cases[2]!.text}.`;
    const during = new AbortController();
    let stepsAtCancel = -1;
    const partials: string[] = [];
    const running = marian.translate(`${sentence} ${sentence} ${sentence}`, {
      signal: during.signal,
      onPartial: (partial) => {
        partials.push(partial);
        if (stepsAtCancel < 0) {
          stepsAtCancel = steps;
          during.abort();
        }
      },
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(stepsAtCancel, 'cancelled while the first sentence was decoded').toBeGreaterThan(0);
    expect(steps, 'decoder steps after the cancel').toBe(stepsAtCancel);
    expect(partials).toEqual(['der']);
  });
  it('stops at the next step when the cancel arrives as a message, and the next request completes', async () => {
    let steps = 0;
    const marian = await translator('opus-mt-en-de', (decoder) => async (inputs) => {
      steps += 1;
      return decoder(inputs);
    });
    const next = `${expected.marian.pairs['opus-mt-en-de']!.cases[0]!.text}.`;
    const alone = await marian.translate(next);
    const stepsAlone = steps;
    steps = 0;

    // Like the page's cancel and next request reaching the worker: messages, handled only when
    // the running translation leaves its task.
    const page = new MessageChannel();
    const controller = new AbortController();
    let stepsAtCancel = -1;
    let second: Promise<unknown> | undefined;
    page.port1.onmessage = () => {
      stepsAtCancel = steps;
      controller.abort();
      second = marian.translate(next, { signal: new AbortController().signal });
    };
    try {
      const long = Array.from({ length: 200 }, () => 'the cat and the dog drink water.').join(' ');
      const first = marian.translate(long, {
        signal: controller.signal,
        onPartial: () => {
          if (stepsAtCancel < 0) page.port2.postMessage('cancel');
        },
      });
      await expect(first).rejects.toMatchObject({ name: 'AbortError' });
      expect(stepsAtCancel, 'the cancel was handled while the long text was translated').toBeGreaterThan(0);
      await expect(second).resolves.toMatchObject({ text: alone.text });
      expect(steps - stepsAtCancel, "decoder steps after the cancel: only the next request's").toBe(
        stepsAlone,
      );
    } finally {
      page.port1.close();
    }
  });
});
