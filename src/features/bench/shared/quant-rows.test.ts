import { describe, expect, it } from 'vitest';
import { ANY_BACKEND, quantRows } from './quant-rows';
import type { QuantAccuracy, QuantRun, QuantSuiteResult } from './quant-suite';
import { summarize } from './stats';

const faceAccuracy = (meanIou: number, countChanged = 0, referenceFaces = 2): QuantAccuracy => ({
  kind: 'face',
  photos: 2,
  referenceFaces,
  faces: 2,
  countChanged,
  meanIou,
  meanScoreDiff: 0,
});
const poseAccuracy = (meanError: number): QuantAccuracy => ({
  kind: 'pose',
  photos: 2,
  keypoints: 34,
  meanErrorPx: meanError * 640,
  meanError,
  maxError: meanError * 2,
  meanScoreDiff: 0,
});

function run(partial: Partial<QuantRun> & Pick<QuantRun, 'model' | 'variant'>): QuantRun {
  const samples = partial.samples ?? [10, 12, 11];
  return {
    backend: 'wasm',
    ranOn: 'wasm',
    loadMs: 100,
    samples,
    latencyMs: summarize(samples),
    latencyRatio: 1,
    accuracy: null,
    ...partial,
  };
}

const variant = (id: 'fp32' | 'fp16' | 'uint8', totalBytes: number) => ({
  id,
  quantization: id,
  weightBytes: totalBytes - 50_000,
  totalBytes,
});

const result = (runs: QuantRun[]): QuantSuiteResult => ({
  suite: 'quant',
  config: {
    models: ['blazeface-short', 'movenet-lightning'],
    backends: ['wasm'],
    warmup: 0,
    runs: 3,
    budgetMs: 1,
  },
  models: [
    {
      id: 'blazeface-short',
      kind: 'face',
      reference: 'fp32',
      photos: ['a', 'b'],
      variants: [variant('fp32', 450_000), variant('uint8', 150_000)],
    },
    {
      id: 'movenet-lightning',
      kind: 'pose',
      reference: 'fp16',
      photos: ['a', 'b'],
      variants: [variant('fp16', 4_800_000), variant('uint8', 2_500_000)],
    },
  ],
  runs,
  backends: ['wasm'],
});

describe('quantRows', () => {
  const full = quantRows(
    result([
      run({ model: 'blazeface-short', variant: 'fp32', accuracy: faceAccuracy(1) }),
      run({ model: 'blazeface-short', variant: 'uint8', latencyRatio: 0.8, accuracy: faceAccuracy(0.95, 1) }),
      run({ model: 'movenet-lightning', variant: 'fp16', accuracy: poseAccuracy(0) }),
      run({ model: 'movenet-lightning', variant: 'uint8', latencyRatio: 1.1, accuracy: poseAccuracy(0.004) }),
    ]),
  );

  it('gives each variant its model call per backend, its accuracy against the reference, and its size', () => {
    /** One model's rows, `metric @ backend [unit]`: the model calls, then the accuracies, then the sizes. */
    const modelRows = (model: string, variants: readonly string[], accuracy: string) =>
      [
        ['model call', 'wasm', 'ms'],
        [accuracy, 'wasm', '%'],
        ['size', ANY_BACKEND, 'MB'],
      ].flatMap(([metric, backend, unit]) =>
        variants.map((v) => `${model} ${v}, ${metric} @ ${backend} [${unit}]`),
      );
    expect(full.rows.map((r) => `${r.metric} @ ${r.backend} [${r.unit}]`)).toEqual([
      ...modelRows('BlazeFace short', ['fp32', 'uint8'], 'box IoU vs fp32'),
      ...modelRows('MoveNet Lightning', ['fp16', 'uint8'], 'keypoint error vs fp16'),
    ]);
  });

  it('keeps sizes in MB, latency as measured, IoU as higher-better % and keypoint error as lower-better %', () => {
    const find = (metric: string) => full.rows.find((r) => r.metric === metric)!;
    expect(find('BlazeFace short uint8, size').summary.median).toBeCloseTo(0.15);
    expect(find('BlazeFace short uint8, model call').summary).toEqual(summarize([10, 12, 11]));
    expect(find('BlazeFace short fp32, box IoU vs fp32')).toMatchObject({
      lowerIsBetter: false,
      summary: { median: 100 },
    });
    expect(find('BlazeFace short uint8, box IoU vs fp32').summary.median).toBeCloseTo(95);
    expect(find('MoveNet Lightning fp16, keypoint error vs fp16')).toMatchObject({
      lowerIsBetter: true,
      summary: { median: 0 },
    });
    expect(find('MoveNet Lightning uint8, keypoint error vs fp16').summary.median).toBeCloseTo(0.4);
  });

  it('compares each variant with the reference on the same backend, and says where the face count changed', () => {
    expect(full.ratios).toEqual([
      { label: 'BlazeFace short uint8 / fp32 on wasm', value: 0.8 },
      { label: 'MoveNet Lightning uint8 / fp16 on wasm', value: 1.1 },
    ]);
    expect(full.notes).toEqual([
      'BlazeFace short uint8 on wasm found a different number of faces than fp32 on 1 of 2 frames.',
    ]);
  });

  it('turns a variant that failed into a note, saying when it is not stored for offline use', () => {
    const { rows, ratios, notes } = quantRows(
      result([
        run({ model: 'blazeface-short', variant: 'fp32', accuracy: faceAccuracy(1) }),
        run({
          model: 'blazeface-short',
          variant: 'uint8',
          samples: [],
          error: 'Failed to fetch',
          accuracy: null,
        }),
      ]),
      { stored: (_, v) => v === 'fp32' },
    );
    expect(rows.some((r) => r.metric.startsWith('BlazeFace short uint8,') && r.unit !== 'MB')).toBe(false);
    expect(ratios).toEqual([]);
    expect(notes).toEqual([
      'BlazeFace short uint8 did not run on wasm: Failed to fetch. It is not stored on this device, so it needs a connection.',
    ]);
  });

  it('says when the reference did not run, or found no face to compare with', () => {
    const noReference = quantRows(
      result([run({ model: 'movenet-lightning', variant: 'fp16', samples: [], error: 'out of memory' })]),
    );
    expect(noReference.notes).toEqual([
      'MoveNet Lightning fp16 did not run on wasm: out of memory.',
      'MoveNet Lightning: the reference variant (fp16) did not run, so accuracy is not measured.',
    ]);
    const noFace = quantRows(
      result([run({ model: 'blazeface-short', variant: 'fp32', accuracy: faceAccuracy(Number.NaN, 0, 0) })]),
    );
    expect(noFace.rows.filter((r) => r.unit === '%')).toEqual([]);
    expect(noFace.notes).toEqual([
      'BlazeFace short fp32 on wasm: fp32 found no face in the frames, so box accuracy is not measured.',
    ]);
  });
});
