import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, TFJS_THREADED_FACTORY } from './security-policy';
import { violationLine, type ViolationFields } from './policy-violations';
import {
  TFJS_THREAD_CONTEXT,
  TFJS_THREAD_PRELUDE,
  TfjsThreadWorkerError,
  tfjsThreadWorkerSource,
} from './tfjs-thread-worker';

const ORIGIN = 'https://offgrid.example';

interface Rules {
  createScriptURL(value: string): string | null;
}

/** Runs the prelude in a fake thread scope; returns the policies it made and what it logged. */
function runPrelude(withTrustedTypes = true) {
  const policies = new Map<string, Rules>();
  const listeners = new Map<string, (event: ViolationFields) => void>();
  const errors: string[] = [];
  const scope = {
    location: { href: `${ORIGIN}${TFJS_THREADED_FACTORY.replace(/[^/]*$/, '')}thread.js`, origin: ORIGIN },
    addEventListener: (type: string, listener: (event: ViolationFields) => void) =>
      listeners.set(type, listener),
    trustedTypes: withTrustedTypes
      ? {
          createPolicy: (name: string, rules: Rules) => {
            if (policies.has(name)) throw new TypeError(`policy ${name} exists`);
            policies.set(name, rules);
          },
        }
      : undefined,
  };
  const log = { error: (line: string) => errors.push(line) };
  new Function('self', 'console', TFJS_THREAD_PRELUDE)(scope, log);
  return { policies, listeners, errors };
}

describe('the tfjs thread prelude', () => {
  it('claims the default policy, which admits the threaded factory on this origin', () => {
    const { policies } = runPrelude();
    expect([...policies.keys()]).toEqual([DEFAULT_POLICY]);
    const rules = policies.get(DEFAULT_POLICY)!;
    expect(rules.createScriptURL(TFJS_THREADED_FACTORY)).toBe(`${ORIGIN}${TFJS_THREADED_FACTORY}`);
    expect(rules.createScriptURL(`${ORIGIN}${TFJS_THREADED_FACTORY}`)).toBe(
      `${ORIGIN}${TFJS_THREADED_FACTORY}`,
    );
  });

  it.each([
    ['a blob URL', `blob:${ORIGIN}/3f1c0b6e-0000-4000-8000-000000000000`],
    ['a data URL', 'data:text/javascript,postMessage(1)'],
    ['another origin', `https://cdn.example.com${TFJS_THREADED_FACTORY}`],
    ['another scheme on the same host', `ftp://offgrid.example${TFJS_THREADED_FACTORY}`],
    ['a path outside the tfjs folder', '/runtime/ort/ort.min.mjs'],
    ['a path that climbs out of the tfjs folder', '/runtime/tfjs/../../assets/app.js'],
    ['a file that is not a script', '/runtime/tfjs/tfjs-backend-wasm-threaded-simd.wasm'],
    ['a query string', `${TFJS_THREADED_FACTORY}?v=2`],
    ['a fragment', `${TFJS_THREADED_FACTORY}#x`],
    ['an unparseable URL', 'http://[::1'],
  ])('refuses %s', (_, url) => {
    const rules = runPrelude().policies.get(DEFAULT_POLICY)!;
    expect(rules.createScriptURL(url)).toBeNull();
  });

  it('logs a violation in the thread as the app logs one in any other context', () => {
    const { listeners, errors } = runPrelude();
    const event: ViolationFields = {
      effectiveDirective: 'script-src',
      blockedURI: 'blob',
      sourceFile: `${ORIGIN}${TFJS_THREADED_FACTORY}`,
      lineNumber: 3,
    };
    listeners.get('securitypolicyviolation')!(event);
    listeners.get('securitypolicyviolation')!({ ...event, blockedURI: '', sourceFile: '' });
    expect(errors).toEqual([
      violationLine(TFJS_THREAD_CONTEXT, event),
      violationLine(TFJS_THREAD_CONTEXT, { ...event, blockedURI: '', sourceFile: '' }),
    ]);
  });

  it('makes no policy where the engine has no Trusted Types, and still reports violations', () => {
    const { policies, listeners } = runPrelude(false);
    expect(policies.size).toBe(0);
    expect(listeners.has('securitypolicyviolation')).toBe(true);
  });
});

describe('tfjsThreadWorkerSource', () => {
  const worker =
    'self.onmessage=e=>{if(e.data.cmd==="load"){importScripts(e.data.urlOrBlob)}console.error(a+"\n")};';

  it('puts the prelude first and keeps string literals on one line', () => {
    const source = tfjsThreadWorkerSource(worker);
    expect(source.startsWith(TFJS_THREAD_PRELUDE)).toBe(true);
    expect(source.slice(TFJS_THREAD_PRELUDE.length)).toBe(`${worker.replace('\n', '\\n')}\n`);
  });

  it('refuses worker code that no longer loads the factory by URL', () => {
    expect(() => tfjsThreadWorkerSource('importScripts(URL.createObjectURL(blob))')).toThrow(
      TfjsThreadWorkerError,
    );
  });
});
