// Must stay the first import: it hardens the page before any other module runs.
import './harden';
import { markStartup } from '../shared/startup-marks';
import { render } from 'preact';
import { App } from './App';
import { createAppState } from './state/app-state';
import { registerServiceWorker } from './sw-client';
import { watchInstall } from './install';
import { ensureModelsCurrent } from '../runtime/model-store-client';
import './styles.css';
import { errorMessage } from '../shared/errors';

markStartup('app');
const state = createAppState();
watchInstall(state);
render(<App state={state} />, document.getElementById('app')!);
registerServiceWorker(state);
state.models.start();
if ('serviceWorker' in navigator && !import.meta.env.DEV) {
  // First visit: store the bundled models so every demo works offline; later: only what changed.
  const storeModels = () =>
    ensureModelsCurrent().catch((error: unknown) => {
      state.models.loadError.value = `Could not store the bundled models: ${errorMessage(error)}`;
    });
  void storeModels();
  // Models that could not be fetched offline (site data cleared, a first visit offline) come back online.
  addEventListener('online', () => void storeModels());
}
