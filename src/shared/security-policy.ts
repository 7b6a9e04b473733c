/**
 * The one place the app's HTTP security policy is written down.
 *
 * The build turns it into `dist/_headers` (the format Netlify and Cloudflare Pages
 * read), `npm start` and the dev server send the same headers, and the README points
 * static hosts at that file. Pure data: imported by Node (vite.config) and the app.
 */

/** Hosts that model downloads may reach besides the app's own origin. */
export type ConnectHosts = readonly string[];

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
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
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
