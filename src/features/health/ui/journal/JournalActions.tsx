import { useEffect, useRef, useState } from 'preact/hooks';
import { LabelOptions } from '../../../../app/components/SelectField';
import type { ImportMode } from '../../../../storage/journal-db';
import type { ExportFormat } from './format';

interface JournalActionsProps {
  count: number;
  busy: boolean;
  onExport: (format: ExportFormat) => void;
  onImport: (file: File, mode: ImportMode) => void;
  onDeleteAll: () => Promise<unknown>;
}

const MODE_LABEL: Record<ImportMode, string> = {
  merge: 'Add to journal',
  replace: 'Replace journal',
};

/** The export buttons, in order. */
const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** Export, import and "Delete all": files are made and read on this device only. */
export function JournalActions({ count, busy, onExport, onImport, onDeleteAll }: JournalActionsProps) {
  const [mode, setMode] = useState<ImportMode>('merge');
  const [confirming, setConfirming] = useState(false);
  const empty = count === 0;

  const pick = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared, so picking the same file again (after fixing it) is a new change.
    input.value = '';
    if (file) onImport(file, mode);
  };

  return (
    <div class="journal-actions">
      <div class="journal-action-group" role="group" aria-label="Export">
        {EXPORT_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            class="button"
            data-testid={`journal-export-${format}`}
            disabled={busy || empty}
            onClick={() => onExport(format)}
          >
            {`Export ${format.toUpperCase()}`}
          </button>
        ))}
      </div>
      <div class="journal-action-group journal-import" role="group" aria-label="Import">
        <label class="field journal-import-mode">
          <span class="visually-hidden">When importing</span>
          <select
            data-testid="journal-import-mode"
            value={mode}
            onChange={(event) => setMode((event.currentTarget as HTMLSelectElement).value as ImportMode)}
          >
            <LabelOptions labels={MODE_LABEL} />
          </select>
        </label>
        <label class={`button${busy ? ' is-disabled' : ''}`}>
          Import JSON…
          <input
            type="file"
            class="visually-hidden"
            accept=".json,application/json"
            data-testid="journal-import"
            disabled={busy}
            onChange={pick}
          />
        </label>
      </div>
      {!empty && !confirming && (
        <button
          type="button"
          class="button ghost journal-delete-all"
          data-testid="journal-delete-all"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          Delete all…
        </button>
      )}
      {!empty && confirming && (
        <ConfirmDeleteAll
          count={count}
          busy={busy}
          onConfirm={() => void onDeleteAll().finally(() => setConfirming(false))}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  );
}

interface ConfirmProps {
  count: number;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

function ConfirmDeleteAll({ count, busy, onConfirm, onCancel }: ConfirmProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Focus lands on the safe choice.
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div class="journal-confirm" role="alertdialog" aria-labelledby="journal-confirm-text">
      <p id="journal-confirm-text">
        Delete all {count} {count === 1 ? 'entry' : 'entries'}? This cannot be undone; export a copy first to
        keep them.
      </p>
      <div class="journal-action-group">
        <button
          type="button"
          class="button danger"
          data-testid="journal-delete-confirm"
          disabled={busy}
          onClick={onConfirm}
        >
          Delete all {count}
        </button>
        <button type="button" class="button ghost" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
