import { describe, expect, it } from 'vitest';
import { summarize } from './stats';
import type { TranslateEngineResult } from './translate-suite';
import { translateRows } from './translate-rows';

function engine(
  backend: 'wasm' | 'webgpu',
  first: number[],
  rate: number[],
  error?: string,
): TranslateEngineResult {
  return {
    engine: 'ours',
    backend,
    ranOn: backend,
    loadMs: 100,
    samples: first.map((firstTokenMs, i) => ({
      firstTokenMs,
      totalMs: 1000,
      tokens: 20,
      tokensPerSecond: rate[i]!,
      text: 'hallo',
    })),
    firstTokenMs: summarize(first),
    tokensPerSecond: summarize(rate),
    settings: {},
    ...(error ? { error } : {}),
  };
}

describe('translateRows', () => {
  it('gives the first token in ms and the decoding rate in tokens/s per backend that ran, a note per failure', () => {
    const { rows, notes } = translateRows('opus-mt-en-de', {
      engines: [engine('wasm', [40, 42, 44], [55, 56, 57]), engine('webgpu', [], [], 'no adapter')],
    });
    expect(rows.map((r) => [r.metric, r.backend, r.unit, r.lowerIsBetter, r.summary.median])).toEqual([
      ['opus-mt-en-de, first token', 'wasm', 'ms', true, 42],
      ['opus-mt-en-de, decoding', 'wasm', 'tokens/s', false, 56],
    ]);
    expect(notes).toEqual(['webgpu: no adapter']);
  });
});
