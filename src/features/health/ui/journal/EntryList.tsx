import { useState } from 'preact/hooks';
import type { JournalEntry } from '../../../../storage/journal-db';
import {
  KIND_LABEL,
  describeEntry,
  formatDuration,
  formatMethod,
  formatQuality,
  formatValue,
  formatWhen,
} from './format';

/** Rows drawn at first and per "Show more": a long journal stays quick to render. */
export const PAGE_SIZE = 20;

interface EntryListProps {
  entries: readonly JournalEntry[];
  busy: boolean;
  onDelete: (id: string) => void;
}

/** The measurements, newest first, each with its details and a delete button. */
export function EntryList({ entries, busy, onDelete }: EntryListProps) {
  const [shown, setShown] = useState(PAGE_SIZE);
  const more = entries.length - shown;
  return (
    <>
      <ul class="journal-list">
        {entries.slice(0, shown).map((entry) => (
          <EntryRow key={entry.id} entry={entry} busy={busy} onDelete={onDelete} />
        ))}
      </ul>
      {more > 0 && (
        <button type="button" class="button ghost journal-more" onClick={() => setShown(shown + PAGE_SIZE)}>
          Show more ({more} older)
        </button>
      )}
    </>
  );
}

function EntryRow({
  entry,
  busy,
  onDelete,
}: {
  entry: JournalEntry;
  busy: boolean;
  onDelete: (id: string) => void;
}) {
  return (
    <li
      class="journal-entry"
      data-testid="journal-entry"
      data-kind={entry.kind}
      data-value={String(entry.value)}
      data-id={entry.id}
    >
      <div class="journal-entry-main">
        <span class="journal-entry-kind">{KIND_LABEL[entry.kind]}</span>
        <span class="journal-entry-value">{formatValue(entry.value, entry.unit)}</span>
      </div>
      <p class="journal-entry-facts">
        <time dateTime={new Date(entry.start).toISOString()}>{formatWhen(entry.start)}</time>
        <span>{formatDuration(entry.durationMs)}</span>
        <span>quality {formatQuality(entry.quality)}</span>
        {entry.method !== undefined && <span>{formatMethod(entry.method)}</span>}
      </p>
      {entry.note !== undefined && <p class="journal-entry-note">{entry.note}</p>}
      <button
        type="button"
        class="button ghost journal-entry-delete"
        disabled={busy}
        aria-label={`Delete ${describeEntry(entry)}`}
        onClick={() => onDelete(entry.id)}
      >
        Delete
      </button>
    </li>
  );
}
