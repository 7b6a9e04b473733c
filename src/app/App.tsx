import type { ComponentType } from 'preact';
import { LocationProvider, Route, Router } from 'preact-iso';
import { AppStateContext, type AppState } from './state/app-state';
import { Shell } from './components/Shell';
import { RouteErrorBoundary } from './components/RouteError';
import { lazyRoute } from './lazy-route';
import { NAV_ROUTES, type RoutePath } from './routes';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';

/**
 * Each route's page. Pages load on demand so the shell stays small (all are precached for offline
 * use); each lands in a chunk named after its module, `<Label>Page-<hash>.js`. A page whose module
 * fails to load, or that throws as it renders, shows why inside the shell.
 */
const PAGES: Record<RoutePath, () => Promise<ComponentType>> = {
  '/face': () => import('../features/face/ui/FacePage').then((m) => m.FacePage),
  '/translate': () => import('../features/translate/ui/TranslatePage').then((m) => m.TranslatePage),
  '/health': () => import('../features/health/ui/HealthPage').then((m) => m.HealthPage),
  '/models': () => import('./pages/ModelsPage').then((m) => m.ModelsPage),
  '/bench': () => import('../features/bench/ui/BenchPage').then((m) => m.BenchPage),
  '/settings': () => import('./pages/SettingsPage').then((m) => m.SettingsPage),
};

const ROUTES = NAV_ROUTES.map((route) => ({
  path: route.path,
  page: lazyRoute(route.path, PAGES[route.path]),
}));

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
              {ROUTES.map((route) => (
                <Route key={route.path} path={route.path} component={route.page} />
              ))}
              <Route default component={NotFound} />
            </Router>
          </RouteErrorBoundary>
        </Shell>
      </LocationProvider>
    </AppStateContext.Provider>
  );
}
