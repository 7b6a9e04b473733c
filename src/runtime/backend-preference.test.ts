import { afterEach, describe, expect, it } from 'vitest';
import { preferredBackend, saveBackend, savedBackend, wasmThreadsFromUrl } from './backend-preference';
import { fakeLocalStorage } from './local-storage.test-helpers';

const store = fakeLocalStorage();

afterEach(() => store.clear());

describe('backend preference', () => {
  it('is automatic until the user picks one', () => {
    expect(preferredBackend('')).toBeUndefined();
    expect(savedBackend()).toBe('auto');
  });

  it('uses the Settings choice, and ?backend= overrides it', () => {
    saveBackend('webgl');
    expect(preferredBackend('')).toBe('webgl');
    expect(preferredBackend('?backend=wasm')).toBe('wasm');
    expect(preferredBackend('?backend=auto')).toBeUndefined();
    saveBackend('auto');
    expect(savedBackend()).toBe('auto');
  });

  it('rejects an unknown ?backend= with the valid names', () => {
    expect(() => preferredBackend('?backend=metal')).toThrow(/Valid backends: auto, webgpu, webgl, wasm/);
  });
});

describe('?threads=', () => {
  it('gives a whole count from 1 to 64, nothing when absent, and refuses anything else', () => {
    expect(wasmThreadsFromUrl('')).toBeUndefined();
    expect(wasmThreadsFromUrl('?backend=wasm')).toBeUndefined();
    expect(wasmThreadsFromUrl('?threads=2')).toBe(2);
    expect(wasmThreadsFromUrl('?threads=64')).toBe(64);
    for (const bad of ['0', '65', '1.5', 'many', '-2'])
      expect(() => wasmThreadsFromUrl(`?threads=${bad}`), bad).toThrow(`Unknown thread count "${bad}"`);
  });
});
