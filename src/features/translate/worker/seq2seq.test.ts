import { describe, expect, it, vi } from 'vitest';
import type { TensorData } from '../../../worker/types';
import { argmaxLast, decoderStep, generate, type NamedRunner } from './seq2seq';

const SHAPE = { layers: 2, heads: 1, headDim: 2 };
const VOCAB = 8;
const EOS = 0;

const f32 = (shape: number[], fill = 0): TensorData => ({
  dtype: 'float32',
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill),
});

/** A fake merged decoder: the next token is the last input id + 1, and eos after `stopAt`. */
function fakeDecoder(stopAt: number, calls: Record<string, TensorData>[]): NamedRunner {
  return async (inputs) => {
    calls.push(inputs);
    const ids = inputs.input_ids!.data as BigInt64Array;
    const last = Number(ids[ids.length - 1]);
    const logits = new Float32Array(ids.length * VOCAB);
    const next = last + 1 > stopAt ? EOS : last + 1;
    logits[(ids.length - 1) * VOCAB + next] = 5;
    // The pad-like token 7 always scores highest; callers suppress it.
    logits[(ids.length - 1) * VOCAB + 7] = 9;
    const past = (name: string) => inputs[name]!.shape[2]!;
    const outputs: Record<string, TensorData> = {
      logits: { dtype: 'float32', shape: [1, ids.length, VOCAB], data: logits },
    };
    for (let layer = 0; layer < SHAPE.layers; layer += 1) {
      for (const kind of ['key', 'value']) {
        const length = past(`past_key_values.${layer}.decoder.${kind}`) + ids.length;
        outputs[`present.${layer}.decoder.${kind}`] = f32([1, 1, length, 2], layer + 1);
        // Like Optimum's merged export: the cached branch returns no new cross-attention keys.
        outputs[`present.${layer}.encoder.${kind}`] = inputs.use_cache_branch!.data[0]
          ? f32([1, 1, 0, 2])
          : f32([1, 1, 3, 2], 0.5);
      }
    }
    return outputs;
  };
}

describe('greedy seq2seq generation', () => {
  it('feeds one new token per step with the growing self-attention cache and the first cross-attention cache', async () => {
    const calls: Record<string, TensorData>[] = [];
    const tokens: number[] = [];
    const result = await generate(fakeDecoder(4, calls), SHAPE, f32([1, 3, 4]), null, {
      startIds: [1],
      eosId: EOS,
      maxNewTokens: 20,
      suppressIds: [7],
      onToken: (id) => void tokens.push(id),
    });
    expect(result.ids).toEqual([2, 3, 4]);
    expect(tokens).toEqual([2, 3, 4]);
    expect(result.stoppedBy).toBe('eos');
    expect(calls).toHaveLength(4);
    expect(calls[0]!.use_cache_branch!.data).toEqual(Uint8Array.of(0));
    expect(calls[0]!['past_key_values.0.decoder.key']!.shape).toEqual([1, 1, 0, 2]);
    expect(calls[2]!.use_cache_branch!.data).toEqual(Uint8Array.of(1));
    expect(Array.from(calls[2]!.input_ids!.data as BigInt64Array)).toEqual([3n]);
    expect(calls[2]!['past_key_values.1.decoder.value']!.shape).toEqual([1, 1, 2, 2]);
    expect(calls[3]!['past_key_values.1.encoder.key']!.shape).toEqual([1, 1, 3, 2]);
  });

  it('stops at the token limit, when the caller says so, and when cancelled', async () => {
    const limited = await generate(fakeDecoder(100, []), SHAPE, f32([1, 3, 4]), null, {
      startIds: [1],
      eosId: EOS,
      maxNewTokens: 3,
      suppressIds: [7],
    });
    expect(limited).toMatchObject({ ids: [2, 3, 4], stoppedBy: 'max-tokens' });
    const stopped = await generate(fakeDecoder(100, []), SHAPE, f32([1, 3, 4]), null, {
      startIds: [1],
      eosId: EOS,
      maxNewTokens: 30,
      suppressIds: [7],
      onToken: (id) => id < 3,
    });
    expect(stopped).toMatchObject({ ids: [2, 3], stoppedBy: 'caller' });
    const controller = new AbortController();
    controller.abort();
    await expect(
      generate(fakeDecoder(100, []), SHAPE, f32([1, 3, 4]), null, {
        startIds: [1],
        eosId: EOS,
        maxNewTokens: 30,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('feeds a forced prompt at once, suppresses begin tokens at the first step only, and passes a mask only when given', async () => {
    const calls: Record<string, TensorData>[] = [];
    // Unsuppressed, the first step would pick 7 (the highest), then 2 once 7 is suppressed.
    const result = await generate(fakeDecoder(4, calls), SHAPE, f32([1, 3, 4]), null, {
      startIds: [5, 6, 1],
      eosId: EOS,
      maxNewTokens: 20,
      beginSuppressIds: [7],
    });
    expect(Array.from(calls[0]!.input_ids!.data as BigInt64Array)).toEqual([5n, 6n, 1n]);
    expect(calls[0]!.input_ids!.shape).toEqual([1, 3]);
    expect(calls[0]!.encoder_attention_mask).toBeUndefined();
    // From the second step on 7 is allowed again, and it scores highest.
    expect(result.ids).toEqual([2, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7]);
    expect(calls[1]!['past_key_values.0.decoder.key']!.shape).toEqual([1, 1, 3, 2]);
    const mask: TensorData = { dtype: 'int64', shape: [1, 3], data: BigInt64Array.of(1n, 1n, 1n) };
    const step = await decoderStep(fakeDecoder(4, calls), SHAPE, f32([1, 3, 4]), mask, [1], null);
    expect(calls.at(-1)!.encoder_attention_mask).toBe(mask);
    expect(step.cache['past_key_values.1.encoder.key']!.shape).toEqual([1, 1, 3, 2]);
    expect(step.logits.shape).toEqual([1, 1, 8]);
  });

  it('picks the largest logit of the last position, skipping suppressed ids', () => {
    const logits: TensorData = {
      dtype: 'float32',
      shape: [1, 2, 3],
      data: Float32Array.of(9, 9, 9, 1, 5, 3),
    };
    expect(argmaxLast(logits, new Set())).toBe(1);
    expect(argmaxLast(logits, new Set([1]))).toBe(2);
  });

  it('refuses non-float logits, and finds nothing when every id is suppressed', () => {
    const ints: TensorData = { dtype: 'int32', shape: [1, 1, 2], data: Int32Array.of(1, 2) };
    expect(() => argmaxLast(ints, new Set())).toThrow('Expected float32 logits, got int32.');
    const logits: TensorData = { dtype: 'float32', shape: [1, 1, 3], data: Float32Array.of(-4, -2, -3) };
    expect(argmaxLast(logits, new Set())).toBe(1);
    expect(argmaxLast(logits, new Set([0, 1, 2]))).toBe(-1);
    // Equal logits: the first one wins.
    expect(
      argmaxLast({ dtype: 'float32', shape: [1, 1, 3], data: Float32Array.of(0, 2, 2) }, new Set()),
    ).toBe(1);
  });

  it('sends typed inputs, reuses the cached cross-attention and fails without logits', async () => {
    const calls: Record<string, TensorData>[] = [];
    const first = await decoderStep(fakeDecoder(9, calls), SHAPE, f32([1, 3, 4]), null, [4, 5], null);
    expect(calls[0]!.input_ids).toEqual({ dtype: 'int64', shape: [1, 2], data: BigInt64Array.of(4n, 5n) });
    expect(calls[0]!.use_cache_branch).toEqual({ dtype: 'bool', shape: [1], data: Uint8Array.of(0) });
    expect(calls[0]!['past_key_values.1.encoder.value']).toEqual({
      dtype: 'float32',
      shape: [1, 1, 0, 2],
      data: new Float32Array(0),
    });
    expect(
      Object.keys(calls[0]!)
        .filter((k) => k.startsWith('past_key_values'))
        .sort(),
    ).toEqual(
      [0, 1]
        .flatMap((l) =>
          ['decoder', 'encoder'].flatMap((p) =>
            ['key', 'value'].map((k) => `past_key_values.${l}.${p}.${k}`),
          ),
        )
        .sort(),
    );
    expect(Object.keys(first.cache)).toHaveLength(8);
    const second = await decoderStep(fakeDecoder(9, calls), SHAPE, f32([1, 3, 4]), null, [6], first.cache);
    expect(calls[1]!.use_cache_branch!.data).toEqual(Uint8Array.of(1));
    expect(calls[1]!['past_key_values.0.encoder.key']).toBe(first.cache['past_key_values.0.encoder.key']);
    expect(second.cache['past_key_values.0.encoder.key']).toBe(first.cache['past_key_values.0.encoder.key']);
    expect(second.cache['past_key_values.0.decoder.key']!.shape).toEqual([1, 1, 3, 2]);
    expect(second.cache['past_key_values.1.decoder.value']!.data[0]).toBe(2);
    const noLogits: NamedRunner = async () => ({});
    await expect(decoderStep(noLogits, SHAPE, f32([1, 3, 4]), null, [1], null)).rejects.toThrow(
      'The decoder returned no logits.',
    );
  });

  it('times the first token and the whole run, and generates nothing for a limit of 0', async () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 10));
    try {
      const result = await generate(fakeDecoder(3, []), SHAPE, f32([1, 3, 4]), null, {
        startIds: [1],
        eosId: EOS,
        maxNewTokens: 20,
        suppressIds: [7],
      });
      // Clock readings: start 1010, first token 1020, end 1030 (tokens 2, 3, then eos).
      expect(result).toEqual({ ids: [2, 3], firstTokenMs: 10, totalMs: 20, stoppedBy: 'eos' });
      const none = await generate(fakeDecoder(3, []), SHAPE, f32([1, 3, 4]), null, {
        startIds: [1],
        eosId: EOS,
        maxNewTokens: 0,
      });
      expect(none).toEqual({ ids: [], firstTokenMs: 0, totalMs: 10, stoppedBy: 'max-tokens' });
      const stopped = await generate(fakeDecoder(100, []), SHAPE, f32([1, 3, 4]), null, {
        startIds: [1],
        eosId: EOS,
        maxNewTokens: 20,
        suppressIds: [7],
        onToken: () => false,
      });
      expect(stopped).toEqual({ ids: [2], firstTokenMs: 10, totalMs: 20, stoppedBy: 'caller' });
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('stops between steps when cancelled during generation', async () => {
    const controller = new AbortController();
    const calls: Record<string, TensorData>[] = [];
    const run = generate(fakeDecoder(100, calls), SHAPE, f32([1, 3, 4]), null, {
      startIds: [1],
      eosId: EOS,
      maxNewTokens: 30,
      suppressIds: [7],
      onToken: (id) => {
        if (id === 3) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'The call was cancelled.' });
    expect(calls).toHaveLength(2);
  });
});

/** A decoder that never says eos: its tokens cycle through 2 to 6. */
function endlessDecoder(calls: Record<string, TensorData>[]): NamedRunner {
  const decoder = fakeDecoder(VOCAB, calls);
  return (inputs) => {
    const ids = inputs.input_ids!.data as BigInt64Array;
    const last = Number(ids[ids.length - 1]);
    return decoder({
      ...inputs,
      input_ids: { dtype: 'int64', shape: [1, 1], data: BigInt64Array.of(BigInt(1 + ((last - 1) % 5))) },
    });
  };
}

describe('cancelling generation from another task', () => {
  it('stops at the next step when the abort arrives as a message, and the next run completes', async () => {
    // The decoder resolves through promises alone, as ONNX Runtime's WebAssembly runs do: a
    // message from the page can only be handled if generation itself leaves the current task.
    const calls: Record<string, TensorData>[] = [];
    const controller = new AbortController();
    const page = new MessageChannel();
    let callsAtAbort = -1;
    let second: Promise<unknown> | undefined;
    const secondCalls: Record<string, TensorData>[] = [];
    page.port1.onmessage = () => {
      callsAtAbort = calls.length;
      controller.abort();
      // The page's next request arrives right after its cancel.
      second = generate(fakeDecoder(4, secondCalls), SHAPE, f32([1, 3, 4]), null, {
        startIds: [1],
        eosId: EOS,
        maxNewTokens: 30,
        suppressIds: [7],
        signal: new AbortController().signal,
      });
    };
    try {
      const first = generate(endlessDecoder(calls), SHAPE, f32([1, 3, 4]), null, {
        startIds: [1],
        eosId: EOS,
        maxNewTokens: 500,
        suppressIds: [7],
        signal: controller.signal,
        onToken: (id) => {
          if (id === 2) page.port2.postMessage('cancel');
        },
      });
      await expect(first).rejects.toMatchObject({ name: 'AbortError' });
      expect(callsAtAbort, 'the cancel was handled while the first run generated').toBeGreaterThan(0);
      expect(calls, 'decoder steps after the cancel').toHaveLength(callsAtAbort);
      await expect(second).resolves.toMatchObject({ ids: [2, 3, 4], stoppedBy: 'eos' });
      expect(secondCalls).toHaveLength(4);
    } finally {
      page.port1.close();
    }
  });
});
