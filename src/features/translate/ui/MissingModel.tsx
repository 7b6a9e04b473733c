import { useAppState } from '../../../app/state/app-state';
import { Icon } from '../../../app/components/Icon';
import { ProgressBar } from '../../../app/components/ProgressBar';
import { formatBytes } from '../../../shared/format';

/**
 * One model a feature needs that is not on this device yet: its name, size and a download.
 * `purpose` finishes the sentence “… then works offline”.
 */
export function MissingModel({ id, purpose = 'translation' }: { id: string; purpose?: string }) {
  const { models, online } = useAppState();
  const model = models.registry.value?.models.find((m) => m.id === id);
  if (!model) return null;
  const row = models.rowState(model);
  if (row.state === 'stored') return null;
  const busy = row.state === 'downloading' || row.state === 'queued';
  return (
    <div class="notice missing-model" data-testid="missing-model" data-model-id={id} data-state={row.state}>
      <Icon name="download" size={18} />
      <div class="missing-model-body">
        <p>
          <strong>{model.title}</strong> is not on this device yet ({formatBytes(row.totalBytes)}).{' '}
          {online.value
            ? `Download it once; ${purpose} then works offline.`
            : 'You are offline: connect to the internet to download it.'}
        </p>
        {busy && (
          <ProgressBar value={row.receivedBytes} max={row.totalBytes} label={`Downloading ${model.title}`} />
        )}
        {row.waitReason && <p class="fine">{row.waitReason}</p>}
        {row.error && <p class="error">{row.error.message}</p>}
        {!busy && (
          <button
            type="button"
            class="button"
            disabled={!online.value}
            onClick={() => void models.download(model, { force: row.state === 'waiting' })}
          >
            Download {formatBytes(row.totalBytes)}
          </button>
        )}
      </div>
    </div>
  );
}
