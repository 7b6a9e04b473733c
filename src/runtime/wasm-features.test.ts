import { describe, expect, it } from 'vitest';
import { hasWasmSimd, hasWasmThreads } from './wasm-features';

describe('WebAssembly feature probes', () => {
  it('finds SIMD in Node, whose V8 has shipped it since v16', () => {
    expect(hasWasmSimd()).toBe(true);
  });

  it('finds threads only when the context is cross-origin isolated', () => {
    expect(hasWasmThreads(true)).toBe(true);
    expect(hasWasmThreads(false)).toBe(false);
  });

  it('reports no SIMD when the engine rejects the probe module', () => {
    const original = WebAssembly.validate;
    WebAssembly.validate = () => false;
    try {
      expect(hasWasmSimd()).toBe(false);
      expect(hasWasmThreads(true)).toBe(false);
    } finally {
      WebAssembly.validate = original;
    }
  });
});
