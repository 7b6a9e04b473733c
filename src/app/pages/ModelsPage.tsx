import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { PageHeader } from '../components/PageHeader';
import { ModelRow } from '../components/ModelRow';
import { ProgressBar } from '../components/ProgressBar';
import { StorageExpiryNote } from '../components/InstallApp';
import { useAppState } from '../state/app-state';
import { formatBytes } from '../../shared/format';
import type { ModelManifest } from '../../shared/model-registry';
import type { QuantTradeoff } from '../../features/bench/shared/quant-suite';
import measured from '../../shared/quantization-tradeoff.json';
import { errorMessage } from '../../shared/errors';

/** Measured by the quantization bench (bench/quant-tradeoff.mjs writes it from a result). */
const TRADEOFF = measured as QuantTradeoff;

/** The trade-off of a model's variants, when it was measured. */
function tradeoffOf(model: ModelManifest) {
  const entry = TRADEOFF.models[model.id];
  return entry ? { summary: TRADEOFF, model: entry } : undefined;
}

export function ModelsPage() {
  const { models } = useAppState();
  const usage = useSignal<StorageEstimate | null>(null);
  const confirmDeleteAll = useSignal(false);
  const actionError = useSignal<string | null>(null);

  const registry = models.registry.value;
  const installed = models.installed.value;
  const overall = models.overall.value;
  useEffect(() => {
    void navigator.storage?.estimate?.().then((estimate) => (usage.value = estimate));
  }, [installed]);

  const run = (action: () => Promise<void>) => async () => {
    actionError.value = null;
    try {
      await action();
    } catch (error) {
      actionError.value = errorMessage(error);
    }
  };
  const section = (title: string, list: readonly ModelManifest[]) => (
    <section aria-label={title}>
      <h2 class="section-title">{title}</h2>
      <ul class="model-list">
        {list.map((model) => (
          <ModelRow
            key={model.id}
            model={model}
            row={models.rowState(model)}
            onDownload={(force) => void run(() => models.download(model, { force }))()}
            onCancel={() => void run(() => models.cancel(model))()}
            onDelete={() => void run(() => models.remove(model))()}
            tradeoff={tradeoffOf(model)}
          />
        ))}
      </ul>
    </section>
  );

  return (
    <>
      <PageHeader title="Models" icon="models">
        Every model Offgrid can run, where it comes from, its licence and its size. Models are stored in this
        browser and checked against their SHA-256 fingerprints before use.
      </PageHeader>

      <section class="card" aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage on this device</h2>
        <ProgressBar
          value={overall.active ? overall.receivedBytes : 0}
          max={overall.active ? overall.totalBytes : 1}
          label="All downloads"
          testId="download-progress"
        />
        <p class="muted" aria-live="polite">
          {overall.active
            ? `Downloading ${overall.active} model${overall.active > 1 ? 's' : ''}: ${formatBytes(overall.receivedBytes)} of ${formatBytes(overall.totalBytes)}`
            : 'No downloads in progress.'}
        </p>
        {usage.value?.quota ? (
          <p class="muted">
            {formatBytes(usage.value.usage ?? 0)} used of about {formatBytes(usage.value.quota)} available to
            this site.
          </p>
        ) : null}
        {models.persisted.value ? (
          <p class="muted" data-testid="persistence" data-state="persistent">
            Storage is persistent: the browser will not evict stored models when space runs low.
          </p>
        ) : models.persistRefused.value ? (
          <p class="notice" role="status" data-testid="persistence" data-state="refused">
            The browser did not make storage persistent, so it may delete stored models and your health
            journal when space runs low. Offgrid keeps working: a missing model downloads again when you are
            online. Export your journal now and then to keep a copy.
          </p>
        ) : (
          <p class="muted" data-testid="persistence" data-state="not-asked">
            Storage is not persistent yet: the browser may evict models when space runs low. Offgrid asks for
            persistence on your first download.
          </p>
        )}
        <StorageExpiryNote />
        {(models.loadError.value || actionError.value) && (
          <p class="error" role="alert">
            {actionError.value ?? models.loadError.value}
          </p>
        )}
      </section>

      {registry ? (
        <>
          {section(
            'Bundled with the app',
            registry.models.filter((m) => m.bundled),
          )}
          {section(
            'Downloaded on demand',
            registry.models.filter((m) => !m.bundled),
          )}
          <section class="card danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">Delete all models</h2>
            <p class="muted">
              Frees the space models use. Your health journal and settings are kept. Bundled models download
              again the next time the app starts online.
            </p>
            {confirmDeleteAll.value ? (
              <div class="row-actions">
                <button
                  type="button"
                  class="button danger"
                  onClick={run(async () => {
                    confirmDeleteAll.value = false;
                    await models.removeAll();
                  })}
                >
                  Yes, delete {installed.size} stored model{installed.size === 1 ? '' : 's'}
                </button>
                <button type="button" class="button ghost" onClick={() => (confirmDeleteAll.value = false)}>
                  Keep them
                </button>
              </div>
            ) : (
              <button type="button" class="button ghost" onClick={() => (confirmDeleteAll.value = true)}>
                Delete all models
              </button>
            )}
          </section>
        </>
      ) : (
        !models.loadError.value && (
          <p class="muted" aria-busy="true">
            Loading the model list…
          </p>
        )
      )}
    </>
  );
}
