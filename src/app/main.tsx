// Must stay the first import: it hardens the page before any other module runs.
import './harden';
import { markStartup } from '../shared/startup-marks';
import { render } from 'preact';
import { App } from './App';
import { createAppState } from './state/app-state';
import { registerServiceWorker } from './sw-client';
import { watchInstall } from './install';
import { ensureModelsCurrent } from '../runtime/model-store-client';
import { NAV_ROUTES } from './routes';
import { inference } from '../runtime/models';
import './styles.css';

markStartup('app');
const state = createAppState();
watchInstall(state);
render(<App state={state} />, document.getElementById('app')!);
// The inference worker's modules take a few hundred ms to evaluate: a page that runs a model as it
// opens has it started now, while the page's own code loads. Only once installed: a worker
// started before the service worker controls the page is replaced to load through the store.
if (
  navigator.serviceWorker?.controller &&
  NAV_ROUTES.find((route) => route.path === location.pathname)?.startsInference
)
  inference();
registerServiceWorker(state);
state.models.start();
if ('serviceWorker' in navigator && !import.meta.env.DEV) {
  // First visit: store the bundled models so every demo works offline; later: only what changed.
  const storeModels = () =>
    ensureModelsCurrent().catch((error: unknown) => {
      state.models.loadError.value = `Could not store the bundled models: ${error instanceof Error ? error.message : String(error)}`;
    });
  void storeModels();
  // Models that could not be fetched offline (site data cleared, a first visit offline) come back online.
  addEventListener('online', () => void storeModels());
}
