import { useComputed } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { Icon } from '../../../../app/components/Icon';
import { trendSeries } from './chart-data';
import { EntryList } from './EntryList';
import { JournalActions } from './JournalActions';
import { journal } from './journal-state';
import { TrendChart } from './TrendChart';
import './journal.css';

/** The journal: trend charts, the list of measurements, export, import and delete. */
export function JournalView() {
  const { entries, status, error, notice, busy } = journal;
  const series = useComputed(() => trendSeries(entries.value));

  useEffect(() => {
    void journal.load();
  }, []);

  const count = entries.value.length;
  return (
    <section class="card journal" data-testid="journal" aria-labelledby="journal-title">
      <div class="journal-head">
        <h2 id="journal-title">Journal</h2>
        <p class="journal-count muted">
          <span data-testid="journal-count">{count}</span> {count === 1 ? 'entry' : 'entries'}
        </p>
      </div>
      <p class="muted journal-privacy">
        Kept only in this browser. Export a file to keep a copy or move it to another device; nothing is sent
        anywhere.
      </p>

      <JournalActions
        count={count}
        busy={busy.value}
        onExport={(format) => void journal.exportFile(format)}
        onImport={(file, mode) => void journal.importFile(file, mode)}
        onDeleteAll={() => journal.clear()}
      />

      {error.value !== null && (
        <div class="journal-message is-error" role="alert">
          <p data-testid="journal-error">{error.value}</p>
          <button type="button" class="button ghost" onClick={() => (error.value = null)}>
            Dismiss
          </button>
        </div>
      )}
      {notice.value !== null && error.value === null && (
        <p class="journal-message" role="status" data-testid="journal-notice">
          {notice.value}
        </p>
      )}

      {status.value === 'loading' && <p class="muted">Reading the journal…</p>}
      {status.value === 'ready' && count === 0 && (
        <div class="empty journal-empty">
          <span class="card-icon">
            <Icon name="health" />
          </span>
          <h3>No measurements yet</h3>
          <p class="muted">
            Measurements you save appear here, with a trend chart for each kind. You can also import a journal
            exported from another device.
          </p>
        </div>
      )}

      {count > 0 && (
        <>
          <h3 class="journal-subtitle">Trends</h3>
          <div class="journal-charts">
            {series.value.map((s) => (
              <TrendChart key={s.kind} series={s} />
            ))}
          </div>
          <h3 class="journal-subtitle">Measurements</h3>
          <EntryList entries={entries.value} busy={busy.value} onDelete={(id) => journal.remove(id)} />
        </>
      )}
    </section>
  );
}
