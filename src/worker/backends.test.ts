import { describe, expect, it } from 'vitest';
import { parseBackend } from '../shared/backends';
import { backendOrder, chooseBackend } from './backends';

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
