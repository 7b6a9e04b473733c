import { describe, expect, it } from 'vitest';
import { FACE_METRICS, faceLiveRows, faceRows } from './face-rows';
import type { FaceEngineResult, FaceMemorySample } from './face-suite';
import { summarize } from './stats';

function engine(
  backend: 'wasm' | 'webgl' | 'webgpu',
  frame: number[],
  model?: number[],
  error?: string,
): FaceEngineResult {
  return {
    engine: 'ours',
    backend,
    ranOn: backend,
    loadMs: 10,
    samples: frame.map((ms) => ({ ms, faces: 1 })),
    frameMs: summarize(frame),
    ...(model ? { modelMs: summarize(model) } : {}),
    photoFaces: {},
    settings: {},
    ...(error ? { error } : {}),
  };
}

describe('faceRows', () => {
  it('gives the model alone, the whole frame and their ratio per backend that ran, and a note per failure', () => {
    const { rows, ratios, notes } = faceRows({
      engines: [
        engine('wasm', [6, 6, 6], [4, 4, 4]),
        engine('webgl', [], undefined, 'no WebGL here'),
        engine('webgpu', [30, 30, 30]),
      ],
    });
    expect(rows.map((r) => [r.metric, r.backend, r.summary.median, r.unit, r.lowerIsBetter])).toEqual([
      [FACE_METRICS.model, 'wasm', 4, 'ms', true],
      [FACE_METRICS.frame, 'wasm', 6, 'ms', true],
      [FACE_METRICS.frame, 'webgpu', 30, 'ms', true],
    ]);
    expect(ratios).toEqual([{ label: 'Whole frame / model only on wasm', value: 1.5 }]);
    expect(notes).toEqual(['webgl: no WebGL here']);
  });
});

describe('faceLiveRows', () => {
  const memory = (tensors: number, heap: number | null): FaceMemorySample => ({
    pageJsHeapBytes: null,
    userAgentBytes: null,
    workerTensors: tensors,
    workerTensorBytes: 0,
    workerWasmHeapBytes: heap,
  });

  it('gives frames per second as a rate and the worker memory over the frames as a note', () => {
    const { row, note } = faceLiveRows({
      backend: 'wasm',
      fps: 28.5,
      cameraFps: 30,
      memory: {
        afterWarmup: memory(193, 16 * 2 ** 20),
        afterFrames: memory(193, 16.5 * 2 ** 20),
        framesBetween: 300,
      },
    });
    expect(row).toMatchObject({
      metric: FACE_METRICS.live,
      backend: 'wasm',
      unit: 'fps',
      lowerIsBetter: false,
    });
    expect(row.summary.median).toBe(28.5);
    expect(note).toBe(
      'Worker memory over 300 camera frames: 193 → 193 tensors, WebAssembly heap 16.0 → 16.5 MB; the camera gives 30 fps.',
    );
  });

  it('leaves out the heap off WebAssembly and the camera rate it does not know', () => {
    const { note } = faceLiveRows({
      backend: 'webgl',
      fps: 10,
      cameraFps: null,
      memory: { afterWarmup: memory(200, null), afterFrames: memory(201, null), framesBetween: 50 },
    });
    expect(note).toBe('Worker memory over 50 camera frames: 200 → 201 tensors.');
  });
});
