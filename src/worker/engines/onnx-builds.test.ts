/**
 * Each execution provider's onnxruntime-web build: the module exists in the package, names the
 * Emscripten module and WebAssembly it loads beside itself, and that module may start threads
 * under the page's Trusted Types policy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_THREAD_SCRIPTS } from '../../shared/security-policy';
import { ONNX_BACKENDS, ORT_BASE, ORT_BUILDS } from './onnx';

const DIST = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));

/** The `ort-wasm-simd-threaded….mjs` files a build's module names. */
function emscriptenModules(build: string): string[] {
  const text = readFileSync(join(DIST, build), 'utf8');
  return [...new Set(text.match(/ort-wasm-simd-threaded[.a-z]*\.mjs/g) ?? [])];
}

describe('onnxruntime-web builds', () => {
  it('every ONNX provider has a build, and only those', () => {
    expect(Object.keys(ORT_BUILDS).sort()).toEqual([...ONNX_BACKENDS].sort());
  });

  it('WebAssembly runs on the plain build, WebGPU on the JSEP build', () => {
    expect(emscriptenModules(ORT_BUILDS.wasm)).toEqual(['ort-wasm-simd-threaded.mjs']);
    expect(emscriptenModules(ORT_BUILDS.webgpu)).toEqual(['ort-wasm-simd-threaded.jsep.mjs']);
  });

  it.each(Object.entries(ORT_BUILDS))(
    '%s: the module and WebAssembly it loads exist, and its threads may start',
    (_, build) => {
      for (const module of emscriptenModules(build)) {
        expect(existsSync(join(DIST, module))).toBe(true);
        expect(existsSync(join(DIST, module.replace(/\.mjs$/, '.wasm')))).toBe(true);
        expect(ENGINE_THREAD_SCRIPTS).toContain(`${ORT_BASE}${module}`);
      }
    },
  );
});
