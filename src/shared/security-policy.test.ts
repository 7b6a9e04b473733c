import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  SCRIPT_URL_POLICY,
  contentSecurityPolicy,
  sameOriginUrl,
  securityHeaders,
  toHeadersFile,
} from './security-policy';

describe('security policy', () => {
  it('allows WebAssembly but never plain eval', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(csp).toContain("connect-src 'self';");
  });

  it('requires Trusted Types for scripts and names exactly the two policies the app makes', () => {
    for (const csp of [contentSecurityPolicy(), contentSecurityPolicy(['https:'])]) {
      expect(csp).toContain("require-trusted-types-for 'script'");
      expect(csp).toMatch(new RegExp(`; trusted-types ${SCRIPT_URL_POLICY} ${DEFAULT_POLICY}(;|$)`));
      expect(csp).not.toContain("'allow-duplicates'");
      expect(csp).toContain("frame-src 'none'");
    }
  });

  it('calls a URL same-origin only on the same scheme, host and port', () => {
    const origin = 'https://offgrid.example';
    expect(sameOriginUrl('/sw.js', origin)).toBe('https://offgrid.example/sw.js');
    expect(sameOriginUrl('https://offgrid.example/a.js', origin)).toBe('https://offgrid.example/a.js');
    for (const url of [
      'http://offgrid.example/a.js',
      'https://offgrid.example:8443/a.js',
      '//cdn.example/a.js',
      'blob:https://offgrid.example/1',
      'data:,x',
    ])
      expect(sameOriginUrl(url, origin)).toBeNull();
  });

  it('adds only the configured model hosts to connect-src', () => {
    const csp = contentSecurityPolicy(['https://models.example.org']);
    expect(csp).toContain("connect-src 'self' https://models.example.org;");
  });

  it('isolates the origin so WASM threads can use SharedArrayBuffer', () => {
    const headers = securityHeaders();
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(headers['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });

  it('writes the _headers format static hosts read', () => {
    const file = toHeadersFile({ '/*': { 'X-A': '1', 'X-B': 'two words' }, '/sw.js': { 'X-A': '2' } });
    expect(file).toBe('/*\n  X-A: 1\n  X-B: two words\n/sw.js\n  X-A: 2\n');
  });
});
