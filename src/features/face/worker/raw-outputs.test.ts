import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { FULL_RANGE_CONFIG, SHORT_RANGE_CONFIG } from '../shared/config';
import { splitOutputs, type RawTensor } from './raw-outputs';

/** A tensor whose values encode where they came from: base + index. */
function tensor(shape: number[], base: number): RawTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: size }, (_, i) => base + i) };
}

/** The four BlazeFace outputs in the order the graph happens to list them. */
const blazeFaceOutputs = (): RawTensor[] => [
  tensor([1, 512, 1], 0), // classificators_1
  tensor([1, 384, 1], 1000), // classificators_2
  tensor([1, 512, 16], 10_000), // regressors_1
  tensor([1, 384, 16], 100_000), // regressors_2
];

describe('splitOutputs', () => {
  it.each([
    ['graph order', [0, 1, 2, 3]],
    ['reversed', [3, 2, 1, 0]],
    ['shuffled', [2, 0, 3, 1]],
    ['regressors first', [3, 2, 0, 1]],
  ])('puts layer 0 before layer 1 whatever the output order (%s)', (_name, order) => {
    const outputs = blazeFaceOutputs();
    const { scores, regressors } = splitOutputs(
      order.map((i) => outputs[i]!),
      SHORT_RANGE_CONFIG,
    );
    expect(scores).toHaveLength(896);
    expect(regressors).toHaveLength(896 * 16);
    expect([scores[0], scores[511], scores[512], scores[895]]).toEqual([0, 511, 1000, 1383]);
    expect([regressors[0], regressors[512 * 16 - 1], regressors[512 * 16], regressors[896 * 16 - 1]]).toEqual(
      [10_000, 10_000 + 512 * 16 - 1, 100_000, 100_000 + 384 * 16 - 1],
    );
  });

  it('accepts the full-range model, whose outputs have the same shapes', () => {
    const { scores } = splitOutputs(blazeFaceOutputs().reverse(), FULL_RANGE_CONFIG);
    expect(scores[512]).toBe(1000);
  });

  it('copies, so the engine may free its buffers afterwards', () => {
    const outputs = blazeFaceOutputs();
    const { scores } = splitOutputs(outputs, SHORT_RANGE_CONFIG);
    outputs[0]!.data.fill(-1);
    expect(scores[0]).toBe(0);
  });

  const failure = (outputs: RawTensor[]): AppError => {
    try {
      splitOutputs(outputs, SHORT_RANGE_CONFIG);
    } catch (error) {
      return error as AppError;
    }
    throw new Error('splitOutputs did not throw');
  };

  it('names the expected and received shapes when an output is missing', () => {
    const error = failure(blazeFaceOutputs().slice(0, 3));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('worker/failed');
    expect(error.message).toContain('3 outputs instead of 4');
    expect(error.message).toContain('Expected [1, 512, 1], [1, 512, 16], [1, 384, 1], [1, 384, 16]');
    expect(error.message).toContain('"short"');
  });

  it('rejects a model with the concatenated [1, 896, 17] layout', () => {
    expect(failure([tensor([1, 896, 17], 0)]).message).toContain('got [1, 896, 17]');
  });

  it('rejects two outputs of the same shape', () => {
    const outputs = blazeFaceOutputs();
    outputs[1] = tensor([1, 512, 1], 0);
    expect(failure(outputs).message).toContain('2 outputs shaped [1, 512, 1]');
  });

  it('rejects an output whose data does not fill its shape', () => {
    const outputs = blazeFaceOutputs();
    outputs[2] = { shape: [1, 512, 16], data: new Float32Array(512) };
    expect(failure(outputs).message).toContain('holds 512 values');
  });
});
