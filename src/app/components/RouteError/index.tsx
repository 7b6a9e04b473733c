import { Component, type ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { PageHeader } from '../PageHeader';
import { routeTitle } from '../../routes';

/** What went wrong, in the error's own words. */
export function failureReason(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error) || 'unknown error';
}

interface RouteErrorProps {
  /** The route that failed: its title heads the page, so people know where they are. */
  path: string;
  error: unknown;
  /** Called when the page is left, e.g. to forget the failure so the next visit tries again. */
  onLeave?: () => void;
}

/** Shown in place of a page whose code failed to load or to render; the menu stays usable. */
export function RouteError({ path, error, onLeave }: RouteErrorProps) {
  useEffect(() => {
    console.error(`The page ${path} failed:`, error);
    return onLeave;
  }, [path, error, onLeave]);
  return (
    <>
      <PageHeader title={routeTitle(path)} />
      <section class="card" data-testid="route-error">
        <p class="error" role="alert">
          This page could not load: {failureReason(error)}
        </p>
        <p class="muted">
          The rest of Offgrid still works: pick another page from the menu, or reload to try this one again.
        </p>
        <button type="button" class="button primary" onClick={() => location.reload()}>
          Reload
        </button>
      </section>
    </>
  );
}

interface BoundaryProps {
  path: string;
  children: ComponentChildren;
}

interface BoundaryState {
  failed: { path: string; error: unknown } | null;
}

/** Catches an error thrown while a page renders; leaving the page clears it. */
class PageErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { failed: null };

  static override getDerivedStateFromProps(
    props: BoundaryProps,
    state: BoundaryState,
  ): Partial<BoundaryState> | null {
    return state.failed && state.failed.path !== props.path ? { failed: null } : null;
  }

  override componentDidCatch(error: unknown) {
    this.setState({ failed: { path: this.props.path, error } });
  }

  render() {
    const { failed } = this.state;
    return failed ? <RouteError path={failed.path} error={failed.error} /> : this.props.children;
  }
}

/** An error boundary around the router: a page that throws shows RouteError, not a blank app. */
export function RouteErrorBoundary({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  return <PageErrorBoundary path={path}>{children}</PageErrorBoundary>;
}
