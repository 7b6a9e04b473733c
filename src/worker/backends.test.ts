import { describe, expect, it } from 'vitest';
import { parseBackend } from '../shared/backends';
import {
  backendOrder,
  chooseAfterDeviceLoss,
  chooseBackend,
  fellBackFrom,
  needsActivation,
} from './backends';
import type { Backend } from './types';

describe('backend choice', () => {
  it('tries WebGPU, then WebGL, then WASM by default', () => {
    expect(backendOrder()).toEqual(['webgpu', 'webgl', 'wasm']);
  });

  it('puts a forced backend first and keeps the others as fallbacks', () => {
    expect(backendOrder('wasm')).toEqual(['wasm', 'webgpu', 'webgl']);
  });

  it('parses ?backend= values and rejects unknown ones with the valid list', () => {
    expect(parseBackend('webgl')).toBe('webgl');
    expect(parseBackend('auto')).toBeUndefined();
    expect(parseBackend(null)).toBeUndefined();
    expect(() => parseBackend('cuda')).toThrow(
      'Unknown backend "cuda". Valid backends: auto, webgpu, webgl, wasm.',
    );
  });

  it('falls back past failing backends and says why each was skipped', async () => {
    const choice = await chooseBackend(['webgpu', 'webgl', 'wasm'], async (backend) => {
      if (backend === 'webgpu') throw new Error('no adapter');
      if (backend === 'webgl') throw new Error('self-test output differs by 0.5');
    });
    expect(choice).toEqual({
      backend: 'wasm',
      skipped: [
        { backend: 'webgpu', reason: 'no adapter' },
        { backend: 'webgl', reason: 'self-test output differs by 0.5' },
      ],
    });
  });

  it('fails with every reason when nothing works', async () => {
    await expect(
      chooseBackend(['webgl', 'wasm'], async (backend) => {
        throw new Error(`${backend} broke`);
      }),
    ).rejects.toThrow('No backend could run this model: webgl: webgl broke; wasm: wasm broke');
  });
});

describe('needsActivation', () => {
  const leftWebgpu = [{ backend: 'webgpu' as const, reason: 'no WebGPU adapter is available' }];

  it('activates when nothing runs or the GPU device was lost', () => {
    expect(needsActivation(null, false, undefined, [])).toBe(true);
    expect(needsActivation('webgpu', true, undefined, [])).toBe(true);
    expect(needsActivation('wasm', true, 'wasm', leftWebgpu)).toBe(true);
  });

  it('keeps the running backend for an automatic load or one forced onto it', () => {
    expect(needsActivation('wasm', false, undefined, [])).toBe(false);
    expect(needsActivation('webgl', false, 'webgl', [])).toBe(false);
  });

  it('switches for a forced backend not tried yet', () => {
    expect(needsActivation('wasm', false, 'webgl', leftWebgpu)).toBe(true);
  });

  it('does not try again a forced backend this worker already left', () => {
    // ?backend=webgpu on an engine without WebGPU: the first load fell back to wasm; the next
    // forced load keeps it rather than freeing every model to fail on webgpu again.
    expect(needsActivation('wasm', false, 'webgpu', leftWebgpu)).toBe(false);
  });
});

describe('fellBackFrom', () => {
  it('says nothing when the model runs where it was forced, or nothing was forced', () => {
    expect(fellBackFrom('wasm', 'wasm', [])).toBeUndefined();
    expect(fellBackFrom(undefined, 'webgl', [{ backend: 'webgpu', reason: 'no adapter' }])).toBeUndefined();
  });

  it('names the forced backend and the reason it was skipped', () => {
    expect(fellBackFrom('webgpu', 'webgl', [{ backend: 'webgpu', reason: 'no adapter' }])).toEqual({
      backend: 'webgpu',
      reason: 'no adapter',
    });
  });

  it('says another model moved the backend when the forced one was never skipped', () => {
    expect(fellBackFrom('wasm', 'webgl', [])).toEqual({
      backend: 'wasm',
      reason: "another model moved this worker's TensorFlow.js backend to webgl",
    });
  });
});

describe('chooseAfterDeviceLoss', () => {
  /**
   * A stand-in for tfjs's backend registry: activating a backend reuses its instance when one
   * exists (as tf.setBackend does), and an instance whose device was lost fails its self-test.
   */
  function fakeEngine(unavailable: Partial<Record<Backend, string>> = {}) {
    const instances = new Map<Backend, { lost: boolean }>();
    const attempts: string[] = [];
    return {
      instances,
      attempts,
      lose: (backend: Backend) => instances.set(backend, { lost: true }),
      discard: (backend: Backend) => {
        attempts.push(`discard ${backend}`);
        instances.delete(backend);
      },
      attempt: async (backend: Backend) => {
        attempts.push(backend);
        const reason = unavailable[backend];
        if (reason) throw new Error(reason);
        const instance = instances.get(backend) ?? { lost: false };
        instances.set(backend, instance);
        if (instance.lost) throw new Error('self-test failed: the device was lost');
      },
    };
  }

  /** Chooses over `order` after `lost`'s device was lost (null: no backend was active). */
  async function afterLoss(
    order: readonly Backend[],
    lost: Backend | null,
    unavailable: Partial<Record<Backend, string>> = {},
  ) {
    const engine = fakeEngine(unavailable);
    if (lost) engine.lose(lost);
    const choice = await chooseAfterDeviceLoss(order, lost, engine.discard, engine.attempt);
    return { engine, choice };
  }

  it('rebuilds the lost backend on a new device rather than moving to the next one', async () => {
    const { engine, choice } = await afterLoss(backendOrder(), 'webgpu');
    expect(choice).toEqual({ backend: 'webgpu', skipped: [] });
    expect(engine.attempts).toEqual(['discard webgpu', 'webgpu']);
    expect(engine.instances.get('webgpu')).toEqual({ lost: false });
  });

  it('keeps a forced backend first, and rebuilds the lost one in its place after it', async () => {
    const { engine, choice } = await afterLoss(backendOrder('webgl'), 'webgpu', {
      webgl: 'tfjs could not start its webgl backend',
    });
    expect(choice).toEqual({
      backend: 'webgpu',
      skipped: [{ backend: 'webgl', reason: 'tfjs could not start its webgl backend' }],
    });
    expect(engine.attempts).toEqual(['discard webgpu', 'webgl', 'webgpu']);
  });

  it('falls back only when the rebuild fails, and says the rebuild failed and why', async () => {
    const { choice } = await afterLoss(backendOrder('webgpu'), 'webgpu', {
      webgpu: 'no WebGPU adapter is available',
    });
    expect(choice).toEqual({
      backend: 'webgl',
      skipped: [
        {
          backend: 'webgpu',
          reason: 'its GPU device was lost and rebuilding it failed (no WebGPU adapter is available)',
        },
      ],
    });
    expect(fellBackFrom('webgpu', choice.backend, choice.skipped)?.reason).toBe(
      'its GPU device was lost and rebuilding it failed (no WebGPU adapter is available)',
    );
  });

  it('discards nothing when no backend was active', async () => {
    const { engine, choice } = await afterLoss(backendOrder(), null);
    expect(choice).toEqual({ backend: 'webgpu', skipped: [] });
    expect(engine.attempts).toEqual(['webgpu']);
  });
});
