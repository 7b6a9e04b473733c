/**
 * Trusted Types for both sides (page and workers): the CSP requires a TrustedScriptURL at every
 * script sink (`new Worker`, service-worker registration, `importScripts`), and names the only
 * policies that may make one (src/shared/security-policy.ts). No DOM or ML imports, so the
 * page, the inference worker and the unit tests share this file.
 */
import type { TrustedScriptURL, TrustedTypePolicyFactory } from 'trusted-types/lib';
import { AppError } from './errors';
import { DEFAULT_POLICY, SCRIPT_URL_POLICY, sameOriginUrl } from './security-policy';

/** The factory of this context; absent in Node and in browsers without Trusted Types. */
function factory(): TrustedTypePolicyFactory | undefined {
  return (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
}

function currentOrigin(): string {
  return globalThis.location.origin;
}

let scriptUrlPolicy: { createScriptURL(value: string): TrustedScriptURL } | undefined;

/**
 * A script URL our own code may start (the inference worker, the service worker). Same-origin
 * only: anything else throws an AppError naming the URL. Where the browser has no Trusted
 * Types, the checked URL is returned as a string.
 */
export function trustedScriptUrl(url: string): TrustedScriptURL | string {
  const checked = sameOriginUrl(url, currentOrigin());
  if (!checked) throw new AppError('security/untrusted-script', undefined, { url });
  const types = factory();
  if (!types) return checked;
  // Made once per context: the CSP allows no duplicate policy names.
  scriptUrlPolicy ??= types.createPolicy(SCRIPT_URL_POLICY, {
    createScriptURL: (value) => {
      const href = sameOriginUrl(value, currentOrigin());
      if (!href) throw new AppError('security/untrusted-script', undefined, { url: value });
      return href;
    },
  });
  return scriptUrlPolicy.createScriptURL(checked);
}

/**
 * Creates this context's `default` policy before any library can: it turns a plain string into
 * a script URL only when it is one of `allowedPaths` on this origin (a library's own worker
 * script), and has no HTML or script rule, so every other string at a sink is refused and
 * reported. Call first thing in each context; returns false where Trusted Types are absent.
 */
export function claimDefaultPolicy(allowedPaths: readonly string[]): boolean {
  const types = factory();
  if (!types) return false;
  types.createPolicy(DEFAULT_POLICY, {
    createScriptURL: (value) => {
      const href = sameOriginUrl(value, currentOrigin());
      if (href && allowedPaths.includes(new URL(href).pathname)) return href;
      // Null makes the sink throw and report a violation: the library gets a clear refusal.
      return null as unknown as string;
    },
  });
  return true;
}
