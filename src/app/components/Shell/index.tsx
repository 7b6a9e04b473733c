import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useAppState } from '../../state/app-state';
import { NAV_ROUTES } from '../../routes';
import { Icon } from '../Icon';
import { UpdateBanner } from '../UpdateBanner';

/** The frame around every page: brand bar, navigation (bottom tabs on phones, a rail on laptops). */
export function Shell({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const { online, offlineReady } = useAppState();
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/" aria-label="Offgrid home">
          <img src="/icons/icon.svg" alt="" width="28" height="28" />
          <span>Offgrid</span>
        </a>
        <span
          class={`status-pill ${online.value ? '' : 'is-offline'}`}
          data-testid="network-status"
          title={offlineReady.value ? 'The app is stored on this device' : undefined}
        >
          <Icon name={online.value ? (offlineReady.value ? 'check' : 'shield') : 'offline'} size={16} />
          {online.value ? (offlineReady.value ? 'Works offline' : 'On-device') : 'Offline'}
        </span>
      </header>
      <nav class="tabbar" aria-label="Main">
        <a class="tab tab-home" href="/" aria-current={path === '/' ? 'page' : undefined}>
          <Icon name="shield" />
          <span>Home</span>
        </a>
        {NAV_ROUTES.map((route) => (
          <a
            key={route.path}
            class="tab"
            href={route.path}
            aria-current={path === route.path ? 'page' : undefined}
          >
            <Icon name={route.icon} />
            <span>{route.label}</span>
          </a>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <UpdateBanner />
        {children}
      </main>
    </div>
  );
}
