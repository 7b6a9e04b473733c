import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { AppStateContext, type AppState } from './state/app-state';
import { Shell } from './components/Shell';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';

// Demo pages load on demand so the shell stays small; all are precached for offline use.
const Face = lazy(() => import('./pages/Face').then((m) => m.Face));
const Translate = lazy(() => import('./pages/Translate').then((m) => m.Translate));
const Health = lazy(() => import('./pages/Health').then((m) => m.Health));
const Models = lazy(() => import('./pages/Models').then((m) => m.Models));
const Bench = lazy(() => import('./pages/Bench').then((m) => m.Bench));
const Settings = lazy(() => import('./pages/Settings').then((m) => m.Settings));

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
          <ErrorBoundary>
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
          </ErrorBoundary>
        </Shell>
      </LocationProvider>
    </AppStateContext.Provider>
  );
}
