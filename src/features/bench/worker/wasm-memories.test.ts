import { describe, expect, it } from 'vitest';
import { wasmMemoryBytes, watchWasmMemories } from './wasm-memories';

describe('watchWasmMemories', () => {
  it('notes each memory made after it, which stays a genuine, growable WebAssembly.Memory', () => {
    const before = new WebAssembly.Memory({ initial: 1 });
    watchWasmMemories();
    watchWasmMemories();
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 4 });
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(Object.getPrototypeOf(memory)).toBe(Object.getPrototypeOf(before));
    expect(wasmMemoryBytes()).toEqual([2 * 65536]);
    memory.grow(1);
    expect(wasmMemoryBytes()).toEqual([3 * 65536]);
  });
});
