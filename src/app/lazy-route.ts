import { h, type ComponentType, type FunctionComponent } from 'preact';
import { lazy } from 'preact-iso';
import { RouteError } from './components/RouteError';

/**
 * A route component whose module loads on first use. preact-iso's lazy() suspends forever when
 * the import rejects (a chunk that cannot be fetched, a module that throws as it loads), which
 * leaves the page blank; here the failure renders RouteError inside the shell instead. The failure
 * is forgotten when that page is left, so the next visit imports again. It stays built on lazy(),
 * whose module installs the suspense hook the Router relies on.
 */
export function lazyRoute<P extends object>(
  path: string,
  load: () => Promise<ComponentType<P>>,
): FunctionComponent<P> {
  const attempt = () =>
    lazy<ComponentType<P>>(() =>
      load().catch((error: unknown) => {
        const Failed = () => h(RouteError, { path, error, onLeave: forget });
        return Failed as ComponentType<P>;
      }),
    );
  let current = attempt();
  const forget = () => {
    current = attempt();
  };
  const LazyRoute = (props: P) => h(current, props);
  return LazyRoute;
}
