/**
 * Page side of the service worker: registers it with workbox-window and turns its
 * lifecycle into app state. A waiting update is offered, never forced.
 */
import { Workbox } from 'workbox-window';
import { SW_MESSAGE, type SwVersion } from '../shared/sw-messages';
import { trustedScriptUrl } from '../shared/trusted-types';
import type { AppState } from './state/app-state';

/** How often an open app asks the server whether a new version exists. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** How long Settings waits for the service worker to say its version. */
const VERSION_TIMEOUT_MS = 10_000;

export function registerServiceWorker(state: AppState): void {
  addEventListener('online', () => (state.online.value = true));
  addEventListener('offline', () => (state.online.value = false));
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;

  const wb = new Workbox(trustedScriptUrl('/sw.js'), { scope: '/' });
  wb.addEventListener('waiting', () => {
    state.update.value = {
      apply() {
        // Reload only after the new worker has taken control, so the reload gets the new shell.
        wb.addEventListener('controlling', () => location.reload());
        wb.messageSkipWaiting();
      },
    };
  });
  wb.addEventListener('activated', () => (state.offlineReady.value = true));
  if (navigator.serviceWorker.controller) state.offlineReady.value = true;

  void wb.register().then((registration) => {
    if (!registration) return;
    const check = () => void registration.update().catch(() => undefined);
    setInterval(check, UPDATE_CHECK_INTERVAL_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });
  });
}

/** Asks the service worker that controls this page which build it serves (shown in Settings). */
export async function serviceWorkerVersion(): Promise<SwVersion | null> {
  if (!('serviceWorker' in navigator)) return null;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), VERSION_TIMEOUT_MS));
  const ask = (async () => {
    await navigator.serviceWorker.ready;
    const controller =
      navigator.serviceWorker.controller ??
      (await new Promise<ServiceWorker | null>((resolve) =>
        navigator.serviceWorker.addEventListener(
          'controllerchange',
          () => resolve(navigator.serviceWorker.controller),
          { once: true },
        ),
      ));
    if (!controller) return null;
    const channel = new MessageChannel();
    const answer = new Promise<SwVersion>((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data as SwVersion);
    });
    controller.postMessage({ type: SW_MESSAGE.GET_VERSION }, [channel.port2]);
    return answer;
  })();
  return Promise.race([ask, timeout]);
}
