import { useMemo } from 'preact/hooks';
import { useAppState } from '../../state/app-state';
import { readInstallEnvironment, storageExpiry } from '../../install';
import { Icon } from '../Icon';

/** The words iPhone and iPad users need: Safari there has no install prompt to offer. */
export const SHARE_SHEET_HINT = 'To install: tap Share, then Add to Home Screen.';

/**
 * How to install Offgrid here: the browser's install prompt as an "Install app" button while it is
 * offered, the Share-sheet steps on iPhone and iPad, nothing once installed or elsewhere.
 */
export function InstallApp() {
  const { install, installPrompt } = useAppState();
  const prompt = installPrompt.value;
  if (install.value === 'installed') return null;
  if (prompt) {
    return (
      <p class="notice install-app">
        <Icon name="download" size={20} />
        <span>Install Offgrid to open it like an app, with or without a network.</span>
        <button type="button" class="button primary" onClick={() => void prompt()}>
          Install app
        </button>
      </p>
    );
  }
  if (install.value === 'share-sheet') {
    return (
      <p class="notice install-app" data-testid="install-hint">
        <Icon name="share" size={20} />
        <span>{SHARE_SHEET_HINT}</span>
      </p>
    );
  }
  return null;
}

const EXPIRY =
  "Safari may delete Offgrid's stored models and health journal after 7 days of Safari use without a visit.";

/**
 * WebKit's 7-day limit on a site's storage, where it applies (storageExpiry): on iPhone and iPad
 * a Home Screen app keeps its own count of days of use, so installing is the remedy there.
 */
export function StorageExpiryNote() {
  const { install } = useAppState();
  const expiry = useMemo(() => storageExpiry(readInstallEnvironment()), []);
  if (!expiry || install.value === 'installed') return null;
  return (
    <p class="notice" data-testid="storage-expiry">
      <Icon name="shield" size={20} />
      <span>
        {EXPIRY}{' '}
        {expiry === 'ios'
          ? `A Home Screen app keeps them while you use it. ${SHARE_SHEET_HINT}`
          : 'Export your journal now and then to keep a copy.'}
      </span>
    </p>
  );
}
