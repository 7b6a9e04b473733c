import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelManifest, Registry } from '../shared/model-registry';
import type * as BackendCheck from './backend-check';
import type { BackendReport } from './backend-check';
import { fakeLocalStorage } from './local-storage.test-helpers';

const checkBackend = vi.fn();
const cameraInUse = vi.fn(() => false);
vi.mock('./backend-check', async (original) => ({
  ...(await original<typeof BackendCheck>()),
  checkBackend: (...args: unknown[]) => checkBackend(...args),
}));
vi.mock('../media/camera', () => ({ cameraInUse: () => cameraInUse() }));
vi.mock('../shared/renderers', () => ({
  probeRenderers: () => Promise.resolve({ webgl: { description: 'SwiftShader' } }),
}));

const store = fakeLocalStorage();
Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Test/1' }, configurable: true });

const model = {
  id: 'blazeface-short',
  title: 'BlazeFace',
  engine: 'tfjs',
  io: { inputs: [{ name: 'input', shape: [1, 8, 8, 3], dtype: 'float32' }], outputs: [] },
} as unknown as ModelManifest;
const registry = { models: [model] } as unknown as Registry;

/** A check report: `ran` differs from `requested` when the backend could not run the model. */
function report(requested: string, medianMs: number, ran = requested, fellBack: string | null = null) {
  return { report: { requested, ran, medianMs, fellBack } as unknown as BackendReport, outputs: [] };
}

async function fresh() {
  vi.resetModules();
  return import('./backend-choice');
}

beforeEach(() => {
  vi.useFakeTimers();
  checkBackend.mockReset();
  cameraInUse.mockReset().mockReturnValue(false);
});
afterEach(() => {
  vi.useRealTimers();
  store.clear();
});

describe('measured backend choice', () => {
  it('times every backend, a backend that ran elsewhere counting as failed', async () => {
    const { measureModel } = await fresh();
    checkBackend
      .mockResolvedValueOnce(report('webgpu', 3, 'webgl', 'no WebGPU adapter is available'))
      .mockResolvedValueOnce(report('webgl', 120))
      .mockRejectedValueOnce(new Error('out of memory'));
    expect(await measureModel(registry, model)).toEqual([
      { backend: 'webgpu', error: 'no WebGPU adapter is available' },
      { backend: 'webgl', medianMs: 120 },
      { backend: 'wasm', error: 'out of memory' },
    ]);
    expect(checkBackend.mock.calls.map((call) => call[2])).toEqual(['webgpu', 'webgl', 'wasm']);
  });

  it('measures in the background after the delay, once no camera is live, keeps the fastest, and then orders by it', async () => {
    const choice = await fresh();
    checkBackend.mockImplementation(async (_r, _s, backend: string) =>
      report(backend, { webgpu: 399, webgl: 120, wasm: 9.4 }[backend]!),
    );
    cameraInUse.mockReturnValueOnce(true).mockReturnValueOnce(true).mockReturnValue(false);
    expect(await choice.measuredOrder(model.id)).toBeUndefined();
    choice.measureLater(registry, model);
    await vi.advanceTimersByTimeAsync(choice.MEASURE_DELAY_MS - 1);
    expect(checkBackend).not.toHaveBeenCalled();
    // The camera is live for two polls: nothing runs until it stops.
    await vi.advanceTimersByTimeAsync(1 + 2_000);
    expect(checkBackend).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(checkBackend).toHaveBeenCalledTimes(3);
    expect(choice.measuredChoices.value.map((c) => [c.modelId, c.backend])).toEqual([
      ['blazeface-short', 'wasm'],
    ]);
    expect(await choice.measuredOrder(model.id)).toEqual({
      order: ['wasm', 'webgl', 'webgpu'],
      reason: 'fastest here: wasm 9.4 ms, webgl 120 ms, webgpu 399 ms',
    });
    // Kept across page loads; measured once per device, not at every load.
    const again = await fresh();
    expect(again.measuredChoices.value).toHaveLength(1);
    again.measureLater(registry, model);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(checkBackend).toHaveBeenCalledTimes(3);
    // Forgetting the measurements measures again.
    again.forgetMeasurements();
    expect(await again.measuredOrder(model.id)).toBeUndefined();
    again.measureLater(registry, model);
    await vi.advanceTimersByTimeAsync(again.MEASURE_DELAY_MS);
    expect(checkBackend).toHaveBeenCalledTimes(6);
  });

  it("gives the measured order where there is one, else the quick hint from the page's own probe", async () => {
    const choice = await fresh();
    const hint = await choice.automaticOrder(model);
    expect(hint.order).toEqual(['webgpu', 'wasm', 'webgl']);
    expect(hint.reason).toContain('webgl (SwiftShader) draws in software');
    checkBackend.mockImplementation(async (_r, _s, backend: string) =>
      report(backend, { webgpu: 30, webgl: 20, wasm: 10 }[backend]!),
    );
    choice.measureLater(registry, model);
    await vi.advanceTimersByTimeAsync(choice.MEASURE_DELAY_MS);
    expect((await choice.automaticOrder(model)).order).toEqual(['wasm', 'webgl', 'webgpu']);
    // ONNX models are not measured: the hint only.
    expect((await choice.automaticOrder({ ...model, engine: 'onnx' } as ModelManifest)).order).toEqual(
      hint.order,
    );
  });

  it('pauses between backends while a camera is live again', async () => {
    const choice = await fresh();
    const started: string[] = [];
    checkBackend.mockImplementation(async (_r, _s, backend: string) => {
      started.push(backend);
      return report(backend, 10);
    });
    // Off before webgpu; then live for two polls before webgl.
    cameraInUse
      .mockReturnValueOnce(false)
      .mockReturnValueOnce(true)
      .mockReturnValueOnce(true)
      .mockReturnValue(false);
    choice.measureLater(registry, model);
    await vi.advanceTimersByTimeAsync(choice.MEASURE_DELAY_MS);
    expect(started).toEqual(['webgpu']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(started).toEqual(['webgpu']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(started).toEqual(['webgpu', 'webgl', 'wasm']);
  });

  it('keeps nothing when no backend ran, and measures ONNX models never', async () => {
    const choice = await fresh();
    checkBackend.mockRejectedValue(new Error('no backend'));
    choice.measureLater(registry, model);
    choice.measureLater(registry, { ...model, id: 'silero-vad', engine: 'onnx' } as ModelManifest);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(checkBackend).toHaveBeenCalledTimes(3);
    expect(choice.measuredChoices.value).toEqual([]);
    expect(store.get('offgrid.backend-speed')).toBeUndefined();
  });
});
