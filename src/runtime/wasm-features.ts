/**
 * WebAssembly feature probes: tiny modules that only validate when the engine supports
 * the feature (the same bytes wasm-feature-detect uses). Pure; safe in any context.
 */

/** `(func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)`: needs fixed-width SIMD. */
const SIMD_MODULE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98,
  11,
]);

/** A shared memory and `i32.atomic.load`: needs the threads proposal. */
const THREADS_MODULE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254,
  16, 2, 0, 26, 11,
]);

/** True when the engine compiles 128-bit SIMD, which every WASM backend here requires for speed. */
export function hasWasmSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_MODULE);
}

/**
 * True when WASM threads can actually run: the engine knows atomics, SharedArrayBuffer exists,
 * and the page is cross-origin isolated (without COOP/COEP browsers hide SharedArrayBuffer).
 */
export function hasWasmThreads(isolated: boolean): boolean {
  if (!isolated || typeof SharedArrayBuffer !== 'function') return false;
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(THREADS_MODULE)) return false;
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return memory.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}
