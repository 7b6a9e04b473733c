/**
 * The WebAssembly memories this worker's code creates itself, for the Bench page's memory
 * table. onnxruntime-web's threaded build makes its shared memory with `new WebAssembly.Memory`
 * in its glue code and keeps it to itself (no API reaches it); TensorFlow.js's wasm backend
 * exports its own from the module, and tfjsMemory() already reads that one.
 *
 * The constructor is replaced by a Proxy that only notes each memory it makes: the memory is
 * still a genuine WebAssembly.Memory, `instanceof` still holds, and nothing is kept alive.
 */

const created: WeakRef<WebAssembly.Memory>[] = [];
let watching = false;

/** Starts noting new WebAssembly memories; call before any engine loads. Safe to call twice. */
export function watchWasmMemories(): void {
  if (watching || typeof WebAssembly === 'undefined') return;
  watching = true;
  WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
    construct(target, args: [WebAssembly.MemoryDescriptor], newTarget) {
      const memory = Reflect.construct(target, args, newTarget) as WebAssembly.Memory;
      created.push(new WeakRef(memory));
      return memory;
    },
  });
}

/** Byte sizes of the created memories still alive (each grows, never shrinks). */
export function wasmMemoryBytes(): number[] {
  const sizes: number[] = [];
  for (let i = created.length - 1; i >= 0; i -= 1) {
    const memory = created[i]!.deref();
    if (memory) sizes.unshift(memory.buffer.byteLength);
    else created.splice(i, 1);
  }
  return sizes;
}
