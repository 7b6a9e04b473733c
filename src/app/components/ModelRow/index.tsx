import { useSignal } from '@preact/signals';
import { formatBytes } from '../../../shared/format';
import type { ModelManifest } from '../../../shared/model-registry';
import type { ModelRowState } from '../../state/model-store-state';
import { ProgressBar } from '../ProgressBar';
import { VariantTable, type ModelTradeoff } from '../VariantTable';

const STATE_LABEL: Record<ModelRowState['state'], string> = {
  available: 'Not stored',
  queued: 'Queued',
  downloading: 'Downloading',
  stored: 'Stored',
  waiting: 'Waiting',
  error: 'Failed',
};

const TASK_LABEL: Record<ModelManifest['task'], string> = {
  'face-detection': 'Face detection',
  'face-landmarks': 'Face landmarks',
  'pose-estimation': 'Pose',
  'voice-activity': 'Voice activity',
  'speech-recognition': 'Speech to text',
  translation: 'Translation',
};

/** The model card's facts, in order: what each line is called and what it says. */
function modelFacts(model: ModelManifest, source: string): [term: string, value: string][] {
  return [
    ['Source', source],
    ['Intended use', model.card.intendedUse],
    ['Limitations', model.card.limitations],
    ['Trained on', model.card.training],
    ['Engine', model.engine === 'tfjs' ? 'TensorFlow.js graph model' : 'ONNX (onnxruntime-web)'],
    ['Inputs', model.io.inputs.map((t) => `${t.name} ${t.dtype} [${t.shape.join(', ')}]`).join('; ')],
  ];
}

interface ModelRowProps {
  model: ModelManifest;
  row: ModelRowState;
  onDownload(force: boolean): void;
  onCancel(): void;
  onDelete(): void;
  /** The measured trade-off of the model's variants, if the quantization bench covers it. */
  tradeoff?: ModelTradeoff | undefined;
}

/** One model: what it is, its state and size, its actions, and its model card. */
export function ModelRow({ model, row, onDownload, onCancel, onDelete, tradeoff }: ModelRowProps) {
  const busy = useSignal(false);
  const act = (action: () => void) => () => {
    busy.value = true;
    Promise.resolve(action()).finally(() => (busy.value = false));
  };
  const source =
    model.source.kind === 'npm'
      ? `${model.source.package}@${model.source.version} (bundled with the app)`
      : `${model.source.repo} at ${model.source.revision.slice(0, 10)}`;
  const inFlight = row.state === 'queued' || row.state === 'downloading';
  return (
    <li class="card model-row" data-testid="model-row" data-model-id={model.id} data-state={row.state}>
      <div class="model-head">
        <div>
          <h3>{model.title}</h3>
          <p class="muted model-meta">
            {TASK_LABEL[model.task]} · v{model.version} · {formatBytes(row.totalBytes)} · {model.license}
          </p>
        </div>
        <span class={`badge state-${row.state}`}>{STATE_LABEL[row.state]}</span>
      </div>

      {inFlight && (
        <>
          <ProgressBar value={row.receivedBytes} max={row.totalBytes} label={`${model.title} download`} />
          <p class="muted small">
            {formatBytes(row.receivedBytes)} of {formatBytes(row.totalBytes)}
          </p>
        </>
      )}
      {row.state === 'waiting' && (
        <p class="notice small" role="status">
          {row.waitReason}
        </p>
      )}
      {row.state === 'error' && row.error && (
        <p class="error small" role="alert" data-testid="model-error" data-code={row.error.code}>
          {row.error.message}
        </p>
      )}

      <div class="row-actions">
        {(row.state === 'available' || row.state === 'error') && (
          <button
            type="button"
            class="button primary"
            disabled={busy.value}
            onClick={act(() => onDownload(false))}
          >
            {row.state === 'error' ? 'Retry' : `Download ${formatBytes(row.totalBytes)}`}
          </button>
        )}
        {row.state === 'waiting' && (
          <button type="button" class="button primary" onClick={act(() => onDownload(true))}>
            Download now
          </button>
        )}
        {(inFlight || row.state === 'waiting') && (
          <button type="button" class="button ghost" onClick={act(onCancel)}>
            Cancel
          </button>
        )}
        {row.state === 'stored' && (
          <button type="button" class="button ghost" disabled={busy.value} onClick={act(onDelete)}>
            Delete
          </button>
        )}
      </div>

      <details class="model-card">
        <summary>Model card</summary>
        <dl class="facts">
          {modelFacts(model, source).map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <VariantTable model={model} tradeoff={tradeoff} />
        {model.card.metrics.length > 0 && (
          <ul>
            {model.card.metrics.map((metric) => (
              <li key={metric.name}>
                {metric.name}: {metric.value}
                {metric.note ? ` (${metric.note})` : ''}
              </li>
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}
