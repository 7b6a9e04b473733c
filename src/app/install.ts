/**
 * How this browser installs Offgrid, and whether Safari's storage policy applies to it. The
 * decisions are pure functions of an InstallEnvironment, so they are tested without a browser;
 * readInstallEnvironment() is the one place that reads the real navigator.
 */
import type { Signal } from '@preact/signals';

/** What the decisions need to know about the browser. */
export interface InstallEnvironment {
  userAgent: string;
  /** navigator.platform: iPadOS reports `MacIntel`, like a Mac. */
  platform: string;
  maxTouchPoints: number;
  /** Already running as an installed app: `navigator.standalone` (iOS) or display-mode standalone. */
  standalone: boolean;
  /** Whether the browser fires `beforeinstallprompt` (Chromium); Safari and Firefox do not. */
  installPromptSupported: boolean;
}

/**
 * How a person installs the app here:
 * - `installed`: it already runs as an installed app;
 * - `share-sheet`: iPhone and iPad, which have no install prompt: Share, then Add to Home Screen;
 * - `browser`: the browser's own install prompt or menu.
 */
export type InstallRoute = 'installed' | 'share-sheet' | 'browser';

/** iPhone, iPod touch or iPad, including iPadOS, whose Safari says it is a Mac with a touch screen. */
export function isAppleMobile({ userAgent, platform, maxTouchPoints }: InstallEnvironment): boolean {
  return /iPad|iPhone|iPod/.test(userAgent) || (platform === 'MacIntel' && maxTouchPoints > 1);
}

/** Safari on a Mac: WebKit's own browser, not Chrome, Edge, Firefox or Opera on macOS. */
export function isMacSafari({ userAgent, maxTouchPoints }: InstallEnvironment): boolean {
  return (
    /Macintosh/.test(userAgent) &&
    /Version\/[\d.]+.*Safari\//.test(userAgent) &&
    !/Chrome|Chromium|CriOS|Edg|Firefox|FxiOS|OPR/.test(userAgent) &&
    maxTouchPoints <= 1
  );
}

/** How this browser installs the app (see InstallRoute). */
export function installRoute(env: InstallEnvironment): InstallRoute {
  if (env.standalone) return 'installed';
  if (!env.installPromptSupported && isAppleMobile(env)) return 'share-sheet';
  return 'browser';
}

/**
 * Where WebKit may delete the site's storage after 7 days of browser use without a visit:
 * `ios` for iPhone and iPad (a Home Screen app keeps its own count of days, so it is spared),
 * `mac` for Safari on a Mac, null elsewhere and when already running as an installed app.
 */
export function storageExpiry(env: InstallEnvironment): 'ios' | 'mac' | null {
  if (env.standalone) return null;
  if (isAppleMobile(env)) return 'ios';
  if (isMacSafari(env)) return 'mac';
  return null;
}

/** The real browser's InstallEnvironment. */
export function readInstallEnvironment(): InstallEnvironment {
  const nav = navigator as Navigator & { standalone?: boolean };
  return {
    userAgent: nav.userAgent,
    platform: nav.platform,
    maxTouchPoints: nav.maxTouchPoints ?? 0,
    standalone: nav.standalone === true || matchMedia('(display-mode: standalone)').matches,
    installPromptSupported: 'onbeforeinstallprompt' in window,
  };
}

/** Chromium's `beforeinstallprompt` event (not in TypeScript's DOM library). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** The app state's install signals (src/app/state/app-state.ts). */
export interface InstallSignals {
  readonly install: Signal<InstallRoute>;
  readonly installPrompt: Signal<(() => Promise<void>) | null>;
}

/**
 * Keeps the install state current: offers the browser's install prompt while it is available and
 * records an installation. The browser's own install UI is left as it is (no preventDefault).
 */
export function watchInstall(state: InstallSignals): void {
  addEventListener('beforeinstallprompt', (event) => {
    const offer = event as BeforeInstallPromptEvent;
    state.installPrompt.value = async () => {
      // A prompt can be shown once; the browser fires the event again when it may be offered again.
      state.installPrompt.value = null;
      await offer.prompt();
    };
  });
  addEventListener('appinstalled', () => {
    state.installPrompt.value = null;
    state.install.value = 'installed';
  });
}
