/**
 * The script of tfjs's WebAssembly threads, as the build writes it to TFJS_THREAD_WORKER.
 *
 * tfjs's threaded build starts each thread as a classic worker that importScripts() the
 * Emscripten factory. A worker is a context of its own: its CSP (from its script's response
 * headers) requires Trusted Types, so that plain-string importScripts needs a `default` policy
 * in the thread itself. The script is a prelude of ours, which claims that policy before anything
 * else runs, followed by Emscripten's unchanged worker code. Pure: the build (Node) imports it.
 */
import { DEFAULT_POLICY, TFJS_RUNTIME_DIR } from './security-policy.ts';
import { VIOLATION_PREFIX } from './policy-violations.ts';

/** The name the thread's violation lines give their context (see policy-violations.ts). */
export const TFJS_THREAD_CONTEXT = 'a tfjs WebAssembly thread';

/** What Emscripten's worker code must contain for the prelude to be the thing that admits it. */
const LOADS_FACTORY_BY_URL = 'importScripts(e.data.urlOrBlob)';

/**
 * The prelude, plain ES5 so that it runs before (and apart from) any bundled code. The policy
 * admits a script URL only when it is on this origin (http or https), under TFJS_RUNTIME_DIR,
 * ends in `.js` and carries no query or fragment; anything else gets null, which makes the sink
 * throw and report a violation.
 */
export const TFJS_THREAD_PRELUDE = `"use strict";
(function () {
  var dir = ${JSON.stringify(TFJS_RUNTIME_DIR)};
  self.addEventListener("securitypolicyviolation", function (event) {
    var where = event.sourceFile ? " at " + event.sourceFile + ":" + event.lineNumber : "";
    console.error(${JSON.stringify(`${VIOLATION_PREFIX}${TFJS_THREAD_CONTEXT}: `)} + event.effectiveDirective +
      " blocked " + (event.blockedURI || "an inline or eval source") + where);
  });
  if (!self.trustedTypes) return;
  self.trustedTypes.createPolicy(${JSON.stringify(DEFAULT_POLICY)}, {
    createScriptURL: function (value) {
      var url;
      try {
        url = new URL(value, self.location.href);
      } catch (error) {
        return null;
      }
      if (url.origin !== self.location.origin || !/^https?:$/.test(url.protocol)) return null;
      if (url.pathname.indexOf(dir) !== 0 || !/\\.js$/.test(url.pathname)) return null;
      if (url.search || url.hash) return null;
      return url.href;
    }
  });
})();
`;

/** Thrown at build time when tfjs's worker code no longer loads its factory the way the prelude expects. */
export class TfjsThreadWorkerError extends Error {
  override name = 'TfjsThreadWorkerError';
}

/**
 * The thread script: the prelude, then `emscriptenWorker` (tfjs's `wasmWorkerContents`). Its
 * newlines inside string literals are escaped as tfjs does before it makes its Blob.
 */
export function tfjsThreadWorkerSource(emscriptenWorker: string): string {
  if (!emscriptenWorker.includes(LOADS_FACTORY_BY_URL)) {
    throw new TfjsThreadWorkerError(
      `tfjs's thread worker no longer contains ${LOADS_FACTORY_BY_URL}; check the thread script before upgrading.`,
    );
  }
  return `${TFJS_THREAD_PRELUDE}${emscriptenWorker.replace(/\n/g, '\\n')}\n`;
}
