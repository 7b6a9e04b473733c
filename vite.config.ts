import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';
import { offgridModels } from './models/vite-plugin.ts';
import {
  SERVICE_WORKER_CONNECT,
  contentSecurityPolicy,
  securityHeaders,
  toHeadersFile,
} from './src/shared/security-policy.ts';
import { DEFAULT_MODEL_HOST } from './src/shared/model-hosts.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
/** A build label users can read in Settings; tests set OFFGRID_BUILD_ID to tell two builds apart. */
const BUILD_ID = process.env.OFFGRID_BUILD_ID ?? new Date().toISOString().slice(0, 10);
const HEADERS = securityHeaders([DEFAULT_MODEL_HOST]);
const SW_HEADERS = { 'Content-Security-Policy': contentSecurityPolicy([...SERVICE_WORKER_CONNECT]) };

/** Emits `_headers` so static hosts (and `npm start`) send the app's security headers. */
function headersFile(): Plugin {
  return {
    name: 'offgrid:headers-file',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: '_headers',
        source: toHeadersFile({ '/*': HEADERS, '/sw.js': SW_HEADERS }),
      });
    },
  };
}

/** Engine files loaded at run time: self-hosted under /runtime/ and precached, never from a CDN. */
const RUNTIME_FILES: Record<string, string> = {
  'runtime/tfjs/tfjs-backend-wasm.wasm':
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'runtime/tfjs/tfjs-backend-wasm-simd.wasm':
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  // onnxruntime-web's JSEP build: one WebAssembly binary for both the WebGPU and the WASM provider.
  'runtime/ort/ort.min.mjs': 'node_modules/onnxruntime-web/dist/ort.min.mjs',
  'runtime/ort/ort-wasm-simd-threaded.jsep.mjs':
    'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.mjs',
  'runtime/ort/ort-wasm-simd-threaded.jsep.wasm':
    'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm',
};

/** Copies the engines' WebAssembly into the build, and serves it in dev. */
function runtimeFiles(): Plugin {
  return {
    name: 'offgrid:runtime-files',
    generateBundle() {
      for (const [fileName, source] of Object.entries(RUNTIME_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(new URL(source, import.meta.url)) });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const source = RUNTIME_FILES[(req.url ?? '').slice(1).split('?')[0] ?? ''];
        if (!source) return next();
        res.setHeader('Content-Type', source.endsWith('.mjs') ? 'text/javascript' : 'application/wasm');
        res.end(readFileSync(new URL(source, import.meta.url)));
      });
    },
  };
}

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
    __BUILD_ID__: JSON.stringify(BUILD_ID),
  },
  server: { headers: HEADERS },
  preview: { headers: HEADERS },
  build: { target: 'es2022', sourcemap: true },
  worker: {
    format: 'es',
    rolldownOptions: {
      output: {
        // Nothing may import the worker's entry chunk: WebKit evaluates a module worker's entry a
        // second time when one of its chunks imports it back (two tfjs instances, a second
        // Trusted Types `default` policy, uninitialised bindings). So the entry holds only its
        // own module, and the code it shares with the lazily loaded backends lives in a chunk.
        manualChunks: (id) =>
          /src\/worker\/inference\.worker\.ts$/.test(id) || /tfjs-backend-(webgl|webgpu|wasm)\//.test(id)
            ? undefined
            : 'worker-core',
      },
    },
  },
  plugins: [
    headersFile(),
    runtimeFiles(),
    offgridModels(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // The page registers the worker itself through workbox-window (src/app/sw-client.ts).
      injectRegister: false,
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,webmanifest,json,woff2,wasm}'],
        // Model files are fetched on demand into the model store, never precached; models/registry.json is.
        // (glob's ignore treats `models/*/**` as also matching models/registry.json, hence the trailing `/*`.)
        globIgnores: ['_headers', '**/*.map', 'models/*/**/*'],
        // onnxruntime-web's WebAssembly is 28 MB; it must be precached for offline use like the rest.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
      },
      manifest: {
        id: '/',
        name: 'Offgrid — private, offline AI',
        short_name: 'Offgrid',
        description:
          'Face detection, translation and health tracking that run on your device. Nothing you film, say or type leaves it.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#0f1412',
        theme_color: '#0f1412',
        categories: ['utilities', 'productivity', 'health'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
    }),
  ],
  test: {
    include: ['src/**/*.test.ts', 'models/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
