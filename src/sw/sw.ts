/**
 * Offgrid's service worker: precaches the app shell and serves every route offline.
 * Built by vite-plugin-pwa in injectManifest mode; Workbox fills in `__WB_MANIFEST`.
 *
 * Update flow: a new version installs and then *waits*. Only the page's "Reload" button
 * (which posts SKIP_WAITING) lets it take over, so the app never reloads by itself.
 */
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { reportPolicyViolations } from '../shared/policy-violations';
import { contentSecurityPolicy } from '../shared/security-policy';
import { hostOrigin } from '../shared/model-hosts';
import { SW_MESSAGE, type SwRequest } from '../shared/sw-messages';
import { configuredHost, installModelStore } from './model-store';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (PrecacheEntry | string)[];
};

/** Paths that are files, not app routes, so the navigation fallback must leave them alone. */
const NOT_A_ROUTE = [/^\/models\//, /\/[^/?]+\.[a-z0-9]+$/i];

reportPolicyViolations('the service worker', self);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
installModelStore();

const appShell = createHandlerBoundToURL('/index.html');
/**
 * Every route gets the precached shell, with a CSP whose connect-src lists exactly the model
 * host set in Settings (the server's copy can only know the default one).
 */
registerRoute(
  new NavigationRoute(
    async (options) => {
      const [shell, host] = await Promise.all([appShell(options), configuredHost().catch(() => null)]);
      if (!host) return shell;
      const headers = new Headers(shell.headers);
      headers.set('Content-Security-Policy', contentSecurityPolicy([hostOrigin(host)]));
      return new Response(shell.body, { status: shell.status, statusText: shell.statusText, headers });
    },
    { denylist: NOT_A_ROUTE },
  ),
);

// The first install takes control of open pages at once, so they work offline without a
// reload. Updates never reach this point until the user asks (skipWaiting below).
clientsClaim();

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const request = event.data as SwRequest | undefined;
  switch (request?.type) {
    case SW_MESSAGE.SKIP_WAITING:
      void self.skipWaiting();
      break;
    case SW_MESSAGE.GET_VERSION:
      event.ports[0]?.postMessage({ version: __APP_VERSION__, build: __BUILD_ID__ });
      break;
    default:
      break;
  }
});
