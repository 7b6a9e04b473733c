import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { PageHeader } from '../components/PageHeader';
import { Icon } from '../components/Icon';
import { formatBytes } from '../../shared/format';

export function Models() {
  const usage = useSignal<StorageEstimate | null>(null);
  useEffect(() => {
    void navigator.storage?.estimate?.().then((estimate) => (usage.value = estimate));
  }, []);
  const used = usage.value?.usage ?? 0;
  const quota = usage.value?.quota ?? 0;
  return (
    <>
      <PageHeader title="Models" icon="models">
        Every model Offgrid can run, where it comes from, its licence and its size. Models are stored in this
        browser and checked against their SHA-256 fingerprints.
      </PageHeader>
      <section class="card" aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage on this device</h2>
        {usage.value ? (
          <>
            <div class="meter" aria-hidden="true">
              <span style={{ width: `${quota ? Math.max(1, (used / quota) * 100) : 0}%` }} />
            </div>
            <p class="muted">
              {formatBytes(used)} used of about {formatBytes(quota)} available to this site.
            </p>
          </>
        ) : (
          <p class="muted">This browser does not report storage use.</p>
        )}
      </section>
      <section class="card empty" aria-labelledby="models-heading">
        <span class="card-icon">
          <Icon name="models" />
        </span>
        <h2 id="models-heading">No models stored yet</h2>
        <p class="muted">
          Model cards, downloads with progress and offline storage appear here as each demo adds its models.
        </p>
      </section>
    </>
  );
}
