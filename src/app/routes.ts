import type { IconName } from './components/Icon';

/**
 * The app's routes, in navigation order: the one list the menu, the home page, the router and the
 * tests read. Paths are part of the automation contract. Each page's module is named in App.tsx,
 * keyed by these paths, so a route added here without its page (or the reverse) fails to compile.
 */
export interface RouteInfo {
  readonly path: RoutePath;
  readonly label: string;
  readonly title: string;
  readonly icon: IconName;
}

export type RoutePath = '/face' | '/translate' | '/health' | '/models' | '/bench' | '/settings';

export const NAV_ROUTES: readonly RouteInfo[] = [
  { path: '/face', label: 'Face', title: 'Face detection', icon: 'face' },
  { path: '/translate', label: 'Translate', title: 'Translation', icon: 'translate' },
  { path: '/health', label: 'Health', title: 'Health tracking', icon: 'health' },
  { path: '/models', label: 'Models', title: 'Model store', icon: 'models' },
  { path: '/bench', label: 'Bench', title: 'Benchmarks', icon: 'bench' },
  { path: '/settings', label: 'Settings', title: 'Settings', icon: 'settings' },
];

/** The title of the route at `path`, for pages that show instead of it (a failed load). */
export function routeTitle(path: string): string {
  return NAV_ROUTES.find((route) => route.path === path)?.title ?? 'Offgrid';
}
