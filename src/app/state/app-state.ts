/**
 * App-wide state as signals, made by one factory and handed down through context.
 * Pages read what they need; nothing here touches ML code.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { signal, type Signal } from '@preact/signals';
import { createModelStoreState, type ModelStoreState } from './model-store-state';
import { installRoute, readInstallEnvironment, type InstallRoute } from '../install';

/** A new app version is installed and waiting; `apply` reloads into it. */
export interface PendingUpdate {
  apply(): void;
}

export interface AppState {
  /** Set when a new version waits; the banner shows while it is set. */
  readonly update: Signal<PendingUpdate | null>;
  /** True once a service worker controls the page, so every route works offline. */
  readonly offlineReady: Signal<boolean>;
  /** Mirrors navigator.onLine; a hint only, requests still decide. */
  readonly online: Signal<boolean>;
  /** Models: registry, what is stored, downloads in flight. */
  readonly models: ModelStoreState;
  /** How this browser installs the app; `share-sheet` (iPhone, iPad) shows how to add it by hand. */
  readonly install: Signal<InstallRoute>;
  /** Set while the browser offers its install prompt (`beforeinstallprompt`); calling it shows it. */
  readonly installPrompt: Signal<(() => Promise<void>) | null>;
}

export function createAppState(): AppState {
  return {
    update: signal(null),
    offlineReady: signal(false),
    online: signal(typeof navigator === 'undefined' ? true : navigator.onLine),
    models: createModelStoreState(),
    install: signal(typeof window === 'undefined' ? 'browser' : installRoute(readInstallEnvironment())),
    installPrompt: signal(null),
  };
}

export const AppStateContext = createContext<AppState | null>(null);

/** The app state from the nearest provider; throws if a component renders outside it. */
export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState() needs <AppStateContext.Provider> above it.');
  return state;
}
