import { useSignal } from '@preact/signals';
import { useAppState } from '../../state/app-state';
import { Icon } from '../Icon';

/** Offers a waiting app update. Never reloads on its own: the user picks the moment. */
export function UpdateBanner() {
  const { update } = useAppState();
  const dismissed = useSignal(false);
  const pending = update.value;
  if (!pending || dismissed.value) return null;
  return (
    <div class="banner" role="status" data-testid="update-banner">
      <Icon name="refresh" />
      <p>
        <strong>Update available.</strong> A new version of Offgrid is ready. Your models and journal are
        kept.
      </p>
      <div class="banner-actions">
        <button type="button" class="button ghost" onClick={() => (dismissed.value = true)}>
          Later
        </button>
        <button type="button" class="button primary" onClick={() => pending.apply()}>
          Reload
        </button>
      </div>
    </div>
  );
}
