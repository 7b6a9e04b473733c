/**
 * The one place the app's HTTP security policy is written down.
 *
 * The build turns it into `dist/_headers` (the format Netlify and Cloudflare Pages
 * read), `npm start` and the dev server send the same headers, and the README points
 * static hosts at that file. Pure data: imported by Node (vite.config) and the app.
 */

/** Hosts that model downloads may reach besides the app's own origin. */
export type ConnectHosts = readonly string[];

/**
 * The Trusted Types policy through which the app's own code turns a URL into a script URL (the
 * inference worker, the service worker). It admits only same-origin URLs.
 */
export const SCRIPT_URL_POLICY = 'offgrid-script-url';

/**
 * The `default` policy is the one a third-party library's plain string reaches. The page makes
 * one that admits nothing, so no later script can claim the name; the inference worker makes
 * one that admits only the engines' own thread scripts (`ENGINE_THREAD_SCRIPTS`), which
 * Emscripten starts with `new Worker(url)` and no hook to pass a TrustedScriptURL.
 */
export const DEFAULT_POLICY = 'default';

/** Where the build puts tfjs's WebAssembly and its thread scripts (self-hosted, precached). */
export const TFJS_RUNTIME_DIR = '/runtime/tfjs/';

/**
 * tfjs's threaded build: the Emscripten factory each WebAssembly thread loads with
 * importScripts, and the thread worker (Emscripten's, behind a Trusted Types prelude of ours).
 */
export const TFJS_THREADED_FACTORY = `${TFJS_RUNTIME_DIR}tfjs-backend-wasm-threaded-simd.js`;
export const TFJS_THREAD_WORKER = `${TFJS_RUNTIME_DIR}tfjs-backend-wasm-threaded-simd.worker.js`;

/** Same-origin paths of the engine scripts that a library, not our code, starts as workers. */
export const ENGINE_THREAD_SCRIPTS = [
  // onnxruntime-web's two builds: `new Worker(new URL(import.meta.url))`.
  '/runtime/ort/ort-wasm-simd-threaded.mjs',
  '/runtime/ort/ort-wasm-simd-threaded.jsep.mjs',
  // tfjs: Emscripten's `new Worker(locateFile('….worker.js'))`.
  TFJS_THREAD_WORKER,
] as const;

/** `url` resolved against `origin` when it stays on that origin (http or https), else null. */
export function sameOriginUrl(url: string, origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, origin);
  } catch {
    return null;
  }
  if (parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) return null;
  return parsed.href;
}

/** Content-Security-Policy directives, in the order they are written. */
export function contentSecurityPolicy(connectHosts: ConnectHosts = []): string {
  const connect = ["'self'", ...connectHosts].join(' ');
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets WebAssembly compile; plain 'unsafe-eval' is never allowed.
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src ${connect}`,
    // Camera frames, photos and charts are drawn from blob: and data: URLs made on the page.
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "worker-src 'self'",
    // The app has no frames; about:blank ones, which frame-src cannot stop, get the WebRTC lock
    // (src/app/lock-webrtc.ts).
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Script URLs, HTML and script text reach DOM sinks only through the named policies.
    "require-trusted-types-for 'script'",
    `trusted-types ${SCRIPT_URL_POLICY} ${DEFAULT_POLICY}`,
  ].join('; ');
}

/**
 * connect-src for the service worker script. Its CSP is fixed when it installs, but the model
 * host is a runtime setting, so the worker may connect to any https host (plus a mirror on
 * localhost) and enforces the configured host itself (src/sw/model-store/registry.ts).
 * Pages get a connect-src that lists only the configured host.
 */
export const SERVICE_WORKER_CONNECT = ['https:', 'http://localhost:*', 'http://127.0.0.1:*'] as const;

/** Headers every response of the app carries. COOP+COEP make `crossOriginIsolated` true. */
export function securityHeaders(connectHosts: ConnectHosts = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectHosts),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=(), payment=(), usb=()',
  };
}

/**
 * Renders header rules in the `_headers` file format: a path pattern, then indented
 * `Name: value` lines. Later, more specific rules override a header of the same name
 * (that is how `npm start` reads it).
 */
export function toHeadersFile(rules: Record<string, Record<string, string>>): string {
  return Object.entries(rules)
    .map(([path, headers]) =>
      [path, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n'),
    )
    .join('\n')
    .concat('\n');
}
