import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';
import { offgridModels } from './models/vite-plugin.ts';
import {
  SERVICE_WORKER_CONNECT,
  TFJS_THREADED_FACTORY,
  TFJS_THREAD_WORKER,
  contentSecurityPolicy,
  securityHeaders,
  toHeadersFile,
} from './src/shared/security-policy.ts';
import { tfjsThreadWorkerSource } from './src/shared/tfjs-thread-worker.ts';
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
  'runtime/tfjs/tfjs-backend-wasm-threaded-simd.wasm':
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
  // The threaded build's Emscripten factory, which each of its threads loads with importScripts.
  [TFJS_THREADED_FACTORY.slice(1)]:
    'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
  // onnxruntime-web, one build per provider (src/worker/engines/onnx.ts, ORT_BUILDS). The plain
  // SIMD build runs the WebAssembly provider over twice as fast as the JSEP build does.
  'runtime/ort/ort.wasm.min.mjs': 'node_modules/onnxruntime-web/dist/ort.wasm.min.mjs',
  'runtime/ort/ort-wasm-simd-threaded.mjs': 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs',
  'runtime/ort/ort-wasm-simd-threaded.wasm': 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  // The JSEP build: the WebGPU provider.
  'runtime/ort/ort.min.mjs': 'node_modules/onnxruntime-web/dist/ort.min.mjs',
  'runtime/ort/ort-wasm-simd-threaded.jsep.mjs':
    'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.mjs',
  'runtime/ort/ort-wasm-simd-threaded.jsep.wasm':
    'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm',
};

/** tfjs's thread worker: a Trusted Types prelude of ours before Emscripten's worker code. */
function tfjsThreadWorker(): string {
  const require = createRequire(import.meta.url);
  const { wasmWorkerContents } =
    require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as {
      wasmWorkerContents: string;
    };
  return tfjsThreadWorkerSource(wasmWorkerContents);
}

/** Engine files made at build time, by path. */
const GENERATED_RUNTIME_FILES: Record<string, () => string> = {
  [TFJS_THREAD_WORKER.slice(1)]: tfjsThreadWorker,
};

/** A runtime file's bytes, or undefined for a path that is none. */
function runtimeFile(fileName: string): Buffer | string | undefined {
  const source = RUNTIME_FILES[fileName];
  if (source) return readFileSync(new URL(source, import.meta.url));
  return GENERATED_RUNTIME_FILES[fileName]?.();
}

/** Copies the engines' WebAssembly and thread scripts into the build, and serves them in dev. */
function runtimeFiles(): Plugin {
  return {
    name: 'offgrid:runtime-files',
    generateBundle() {
      for (const fileName of [...Object.keys(RUNTIME_FILES), ...Object.keys(GENERATED_RUNTIME_FILES)]) {
        this.emitFile({ type: 'asset', fileName, source: runtimeFile(fileName)! });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const fileName = (req.url ?? '').slice(1).split('?')[0] ?? '';
        const body = runtimeFile(fileName);
        if (body === undefined) return next();
        res.setHeader('Content-Type', /\.m?js$/.test(fileName) ? 'text/javascript' : 'application/wasm');
        res.end(body);
      });
    },
  };
}

/**
 * Rewrites of tfjs-backend-wasm in the inference worker's bundle, by file. Its threaded build
 * would start its threads from blob: URLs (its worker code, and its factory as
 * `mainScriptUrlOrBlob`), which the CSP refuses: both point at the self-hosted copies instead.
 * And its C++ caps the thread pool at half of navigator.hardwareConcurrency (it assumes two
 * hardware threads per core), so setThreadsCount could never use every core: the factory that
 * runs in the inference worker reports twice the count, which makes the cap the core count.
 */
const TFJS_REWRITES: Record<string, [RegExp, string][]> = {
  'dist/backend_wasm.js': [
    [
      /(if \(path\.endsWith\('\.worker\.js'\)\) \{)/,
      `$1\n                return ${JSON.stringify(TFJS_THREAD_WORKER)};`,
    ],
    [
      /factoryConfig\.mainScriptUrlOrBlob = new Blob\(\[[^\]]*\], \{ type: 'text\/javascript' \}\);/,
      `factoryConfig.mainScriptUrlOrBlob = ${JSON.stringify(TFJS_THREADED_FACTORY)};`,
    ],
  ],
  'wasm-out/tfjs-backend-wasm-threaded-simd.js': [
    [
      /(function _emscripten_num_logical_cores\(\)\{[^}]*return )navigator\["hardwareConcurrency"\]\}/,
      '$12*navigator["hardwareConcurrency"]}',
    ],
  ],
};

/** Applies TFJS_REWRITES; the build fails if tfjs's code no longer has a line it rewrites. */
function tfjsThreadScripts(): Plugin {
  return {
    name: 'offgrid:tfjs-thread-scripts',
    transform(code, id) {
      const file = /@tensorflow\/tfjs-backend-wasm\/(.+)$/.exec(id.split('?')[0] ?? '')?.[1];
      const rewrites = file ? TFJS_REWRITES[file] : undefined;
      if (!rewrites) return null;
      let out = code;
      for (const [pattern, replacement] of rewrites) {
        if (!pattern.test(out)) this.error(`tfjs-backend-wasm's ${file} no longer matches ${pattern}.`);
        out = out.replace(pattern, replacement);
      }
      return { code: out, map: null };
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
    // tfjs is bundled into the inference worker, so its thread start is rewritten there.
    plugins: () => [tfjsThreadScripts()],
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
        // onnxruntime-web's JSEP WebAssembly is 29 MB; it must be precached for offline use like the rest.
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
