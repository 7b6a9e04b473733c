import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY, ENGINE_THREAD_SCRIPTS, SCRIPT_URL_POLICY } from './security-policy';

type Rules = { createScriptURL?: (value: string) => string };

/** A stand-in for the browser's factory: records policies and refuses duplicate names, as the CSP does. */
function fakeFactory() {
  const policies = new Map<string, Rules>();
  return {
    policies,
    createPolicy(name: string, rules: Rules) {
      if (policies.has(name)) throw new TypeError(`Policy "${name}" already exists`);
      policies.set(name, rules);
      return { name, createScriptURL: (value: string) => ({ trusted: rules.createScriptURL!(value) }) };
    },
  };
}

describe('trusted types', () => {
  let factory: ReturnType<typeof fakeFactory>;
  beforeEach(() => {
    vi.resetModules();
    factory = fakeFactory();
    vi.stubGlobal('trustedTypes', factory);
    vi.stubGlobal('location', { origin: 'https://offgrid.example' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('makes same-origin script URLs through the named policy, once', async () => {
    const { trustedScriptUrl } = await import('./trusted-types');
    expect(trustedScriptUrl('/sw.js')).toEqual({ trusted: 'https://offgrid.example/sw.js' });
    expect(trustedScriptUrl('/assets/inference.worker-abc.js')).toEqual({
      trusted: 'https://offgrid.example/assets/inference.worker-abc.js',
    });
    expect([...factory.policies.keys()]).toEqual([SCRIPT_URL_POLICY]);
  });

  it('refuses another origin, javascript: and data: with an error that names the URL', async () => {
    const { trustedScriptUrl } = await import('./trusted-types');
    for (const url of [
      'https://cdn.example.com/x.js',
      'javascript:alert(1)',
      'data:text/javascript,1',
      '//evil.example/x.js',
    ])
      expect(() => trustedScriptUrl(url)).toThrow(
        expect.objectContaining({ code: 'security/untrusted-script', details: { url } }) as Error,
      );
    // The policy itself refuses too, should anything call it directly.
    trustedScriptUrl('/sw.js');
    const rules = factory.policies.get(SCRIPT_URL_POLICY)!;
    expect(() => rules.createScriptURL!('https://cdn.example.com/x.js')).toThrow(/another origin/);
  });

  it('the default policy admits only the listed engine scripts, and no HTML or script text', async () => {
    const { claimDefaultPolicy } = await import('./trusted-types');
    expect(claimDefaultPolicy(ENGINE_THREAD_SCRIPTS)).toBe(true);
    const rules = factory.policies.get(DEFAULT_POLICY) as Rules & Record<string, unknown>;
    const thread = `https://offgrid.example${ENGINE_THREAD_SCRIPTS[0]}`;
    expect(rules.createScriptURL!(thread)).toBe(thread);
    expect(rules.createScriptURL!('https://offgrid.example/assets/other.js')).toBeNull();
    expect(rules.createScriptURL!(`https://cdn.example.com${ENGINE_THREAD_SCRIPTS[0]}`)).toBeNull();
    expect(rules.createHTML).toBeUndefined();
    expect(rules.createScript).toBeUndefined();
    // Claimed: nobody can register a more permissive default afterwards.
    expect(() => factory.createPolicy(DEFAULT_POLICY, { createScriptURL: (v) => v })).toThrow();
  });

  it('works without Trusted Types (Node, older browsers): URLs are still checked', async () => {
    vi.stubGlobal('trustedTypes', undefined);
    const { claimDefaultPolicy, trustedScriptUrl } = await import('./trusted-types');
    expect(claimDefaultPolicy([])).toBe(false);
    expect(trustedScriptUrl('/sw.js')).toBe('https://offgrid.example/sw.js');
    expect(() => trustedScriptUrl('https://cdn.example.com/x.js')).toThrow(/another origin/);
  });
});
