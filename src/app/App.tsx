import { LocationProvider, Route, Router } from 'preact-iso';
import { AppStateContext, type AppState } from './state/app-state';
import { Shell } from './components/Shell';
import { RouteErrorBoundary } from './components/RouteError';
import { lazyRoute } from './lazy-route';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';

// Demo pages load on demand so the shell stays small; all are precached for offline use. A page
// whose module fails to load, or that throws as it renders, shows why inside the shell.
const Face = lazyRoute('/face', () => import('./pages/Face').then((m) => m.Face));
const Translate = lazyRoute('/translate', () => import('./pages/Translate').then((m) => m.Translate));
const Health = lazyRoute('/health', () => import('./pages/Health').then((m) => m.Health));
const Models = lazyRoute('/models', () => import('./pages/Models').then((m) => m.Models));
const Bench = lazyRoute('/bench', () => import('./pages/Bench').then((m) => m.Bench));
const Settings = lazyRoute('/settings', () => import('./pages/Settings').then((m) => m.Settings));

/** Moves focus to the new page so keyboard and screen-reader users start at its top. */
function onRouteChange() {
  const main = document.getElementById('main');
  main?.focus({ preventScroll: true });
  scrollTo({ top: 0 });
}

export function App({ state }: { state: AppState }) {
  return (
    <AppStateContext.Provider value={state}>
      <LocationProvider>
        <Shell>
          <RouteErrorBoundary>
            <Router onRouteChange={onRouteChange}>
              <Route path="/" component={Home} />
              <Route path="/face" component={Face} />
              <Route path="/translate" component={Translate} />
              <Route path="/health" component={Health} />
              <Route path="/models" component={Models} />
              <Route path="/bench" component={Bench} />
              <Route path="/settings" component={Settings} />
              <Route default component={NotFound} />
            </Router>
          </RouteErrorBoundary>
        </Shell>
      </LocationProvider>
    </AppStateContext.Provider>
  );
}
