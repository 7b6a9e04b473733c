import { useRef, useState } from 'preact/hooks';
import type { JournalEntry } from '../../../../storage/journal-schema';
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
  /** Resolves true once the entry is gone. */
  onDelete: (id: string) => Promise<boolean>;
}

/** The measurements, newest first, each with its details and a delete button. */
export function EntryList({ entries, busy, onDelete }: EntryListProps) {
  const [shown, setShown] = useState(PAGE_SIZE);
  const listRef = useRef<HTMLUListElement>(null);
  const more = entries.length - shown;

  const remove = async (id: string, index: number) => {
    if (!(await onDelete(id))) return;
    // Keyboard focus stays in the list, on the row that took the deleted one's place.
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('.journal-entry-delete');
      if (buttons && buttons.length > 0) buttons[Math.min(index, buttons.length - 1)]!.focus();
    });
  };

  return (
    <>
      <ul class="journal-list" ref={listRef}>
        {entries.slice(0, shown).map((entry, index) => (
          <EntryRow key={entry.id} entry={entry} busy={busy} onDelete={() => void remove(entry.id, index)} />
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

function EntryRow({ entry, busy, onDelete }: { entry: JournalEntry; busy: boolean; onDelete: () => void }) {
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
        onClick={onDelete}
      >
        Delete
      </button>
    </li>
  );
}
