import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders, toHeadersFile } from './security-policy';

describe('security policy', () => {
  it('allows WebAssembly but never plain eval', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(csp).toContain("connect-src 'self';");
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
