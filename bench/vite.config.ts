/**
 * The bench build: the harness pages under bench/ with the app's worker and engines, into
 * dist-bench/app (never dist/). Peers such as Transformers.js are bundled only here. No service
 * worker, no bundled models; the bench server adds the generated models.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin, PluginOption } from 'vite';
import { defineConfig } from 'vite';
import app from '../vite.config.ts';
import { toHeadersFile } from '../src/shared/security-policy.ts';

const require = createRequire(import.meta.url);
/** The onnxruntime-web that Transformers.js depends on (not the app's): its asyncify build is its default. */
const PEER_ORT_DIST = dirname(
  createRequire(require.resolve('@huggingface/transformers')).resolve('onnxruntime-web'),
);
const PEER_ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/**
 * Cross-origin isolation (WebAssembly threads) without the app's CSP: Transformers.js loads its
 * WebAssembly factory from a blob: URL, which the app's script-src forbids.
 */
const BENCH_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function benchFiles(): Plugin {
  return {
    name: 'offgrid:bench-files',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: toHeadersFile({ '/*': BENCH_HEADERS }) });
      for (const file of PEER_ORT_FILES)
        this.emitFile({
          type: 'asset',
          fileName: `bench/peer-ort/${file}`,
          source: readFileSync(join(PEER_ORT_DIST, file)),
        });
    },
  };
}

/** The app's plugins the bench needs: only the engines' self-hosted runtime files. */
const appPlugins = (app.plugins ?? [])
  .flat(Infinity as 1)
  .filter((p: PluginOption): p is Plugin => !!p && typeof p === 'object' && 'name' in p)
  .filter((p) => p.name === 'offgrid:runtime-files');

export default defineConfig({
  define: app.define,
  worker: app.worker,
  plugins: [...appPlugins, benchFiles()],
  build: {
    target: 'es2022',
    outDir: 'dist-bench/app',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    // Every harness page under bench/ (one per suite).
    rollupOptions: {
      input: Object.fromEntries(
        readdirSync('bench')
          .filter((file) => file.endsWith('.html'))
          .map((file) => [file.slice(0, -'.html'.length), `bench/${file}`]),
      ),
    },
  },
});
