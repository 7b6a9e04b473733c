/**
 * The health journal as the page sees it: the entries as signals, and every action a person (or a
 * measurement) takes on them. Storage is src/storage/journal-db.ts, files are journal-io.ts, read
 * and written in the journal worker (journal-files.ts) so a large file never freezes the page;
 * nothing here leaves the device. Other tabs' changes arrive on a BroadcastChannel.
 *
 * Measurements save with `journal.save(entry)`; the Journal view renders `journal.entries`.
 */
import { batch, signal } from '@preact/signals';
import { AppError, errorMessage, isAbortError } from '../../../../shared/errors';
import {
  addEntry,
  deleteAll,
  deleteEntry,
  listAllEntries,
  type ImportMode,
  type ImportResult,
} from '../../../../storage/journal-db';
import type { JournalEntry, NewJournalEntry } from '../../../../storage/journal-schema';
import { downloadBlob } from './download';
import { exportFileName, type ExportFormat } from './format';
import { JournalConnection } from './journal-connection';
import type { JournalFiles } from './journal-files';
import { workerJournalFiles } from './journal-worker-client';

export type { ExportFormat, ImportMode, ImportResult, JournalEntry, NewJournalEntry };

/** Tabs of this origin tell each other here that the journal changed. */
export const JOURNAL_CHANNEL = 'offgrid-journal';
const CHANGED_MESSAGE = { type: 'journal-changed' } as const;

const BLOCKED_MESSAGE =
  'Another Offgrid tab is still using an older version of the journal. Close or reload your other Offgrid tabs to continue.';

export interface JournalStateConfig {
  /** Database name; tests use their own. */
  dbName?: string;
  /** BroadcastChannel name; null turns listening to other tabs off. */
  channel?: string | null;
  /** Saves an exported file; the default downloads it through `<a download>`. */
  download?: (blob: Blob, fileName: string) => void;
  /** Epoch ms of "now": export dates, the latest plausible start of an imported entry. */
  now?: () => number;
  /** Where files are read and written; the default is the journal worker. */
  files?: JournalFiles;
}

/** 'failed': the journal could not be read at all, so an empty list would say the wrong thing. */
export type JournalStatus = 'idle' | 'loading' | 'ready' | 'failed';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** What an import did, in a sentence. */
export function importSummary(result: ImportResult, mode: ImportMode): string {
  if (mode === 'replace') {
    return `Replaced the journal with ${plural(result.added, 'imported entry', 'imported entries')} (${result.removed} removed).`;
  }
  const parts = [`${result.added} new`, ...(result.updated > 0 ? [`${result.updated} updated`] : [])];
  return `Imported ${plural(result.added + result.updated, 'entry', 'entries')} (${parts.join(', ')}).`;
}

/** A message a person can act on, for any failure. */
export function journalFailure(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const detail = errorMessage(error);
  return `The journal could not do that (${detail}). Reload the page and try again.`;
}

export class JournalState {
  /** Every entry, newest first. */
  readonly entries = signal<readonly JournalEntry[]>([]);
  readonly status = signal<JournalStatus>('idle');
  /** The last failure, in words a person can act on; cleared by the next action. */
  readonly error = signal<string | null>(null);
  /** What the last action did ("Deleted …", "Imported …"). */
  readonly notice = signal<string | null>(null);
  /** True while an action the person started is running. */
  readonly busy = signal(false);

  private readonly connection: JournalConnection;
  private readonly download: (blob: Blob, fileName: string) => void;
  private readonly now: () => number;
  private readonly files: JournalFiles;
  private readonly channelName: string | null;
  private channel: BroadcastChannel | null = null;
  private reads = 0;
  private running = 0;

  constructor({
    dbName,
    channel = JOURNAL_CHANNEL,
    download = downloadBlob,
    now = () => Date.now(),
    files = workerJournalFiles({ dbName }),
  }: JournalStateConfig = {}) {
    this.connection = new JournalConnection({
      name: dbName,
      onBlocked: () => (this.error.value = BLOCKED_MESSAGE),
    });
    this.download = download;
    this.now = now;
    this.files = files;
    this.channelName = channel;
  }

  /** Reads the journal and starts following other tabs' changes; call again to re-read. */
  load(): Promise<void> {
    this.listen();
    return this.refresh();
  }

  /**
   * Saves a measurement and returns it with its id. Rejects with an AppError (code
   * 'journal/invalid-entry' for a value out of range) that is also shown in `error`.
   */
  async save(entry: NewJournalEntry): Promise<JournalEntry> {
    try {
      const saved = await this.connection.use((db) => addEntry(db, entry));
      await this.changed();
      return saved;
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  /** Deletes one entry; false (with `error` set) when it could not. */
  async remove(id: string): Promise<boolean> {
    const done = await this.act(async () => {
      await this.connection.use((db) => deleteEntry(db, id));
      await this.changed();
      return 'Deleted 1 entry.';
    });
    return done !== null;
  }

  /** Deletes every entry; false (with `error` set) when it could not. */
  async clear(): Promise<boolean> {
    const done = await this.act(async () => {
      const count = this.entries.value.length;
      await this.connection.use((db) => deleteAll(db));
      await this.changed();
      return `Deleted all ${plural(count, 'entry', 'entries')}.`;
    });
    return done !== null;
  }

  /**
   * Imports a file made by "Export JSON". A bad file changes nothing, and `error` says what is
   * wrong and where; returns null then.
   */
  async importFile(file: File, mode: ImportMode): Promise<ImportResult | null> {
    let result: ImportResult | null = null;
    await this.act(
      async () => {
        result = await this.files.importFile(file, mode, this.now());
        await this.changed();
        return importSummary(result, mode);
      },
      // Imports are one transaction: a failure anywhere stores nothing.
      ' Your journal was not changed.',
    );
    return result;
  }

  /** Downloads the whole journal as CSV or JSON; false (with `error` set) when it could not. */
  async exportFile(format: ExportFormat): Promise<boolean> {
    const done = await this.act(async () => {
      const now = this.now();
      const { blob, count } = await this.files.exportFile(format, now);
      const fileName = exportFileName(format, now);
      this.download(blob, fileName);
      return `Exported ${plural(count, 'entry', 'entries')} to ${fileName}.`;
    });
    return done !== null;
  }

  /** Stops following other tabs and closes the database (tests; the app keeps one for its life). */
  async dispose(): Promise<void> {
    this.channel?.close();
    this.channel = null;
    await this.connection.close();
  }

  /** Re-reads every entry. A read that a newer one overtook is dropped. */
  private async refresh(): Promise<void> {
    const read = ++this.reads;
    if (this.status.value === 'idle') this.status.value = 'loading';
    try {
      // In chunks: a long journal is decoded over many short tasks, not one long one.
      const entries = await this.connection.use((db) => listAllEntries(db));
      if (read !== this.reads) return;
      batch(() => {
        this.entries.value = entries.reverse();
        this.status.value = 'ready';
        if (this.error.value === BLOCKED_MESSAGE) this.error.value = null;
      });
    } catch (error) {
      if (read !== this.reads) return;
      if (this.status.value !== 'ready') this.status.value = 'failed';
      this.fail(error);
    }
  }

  /** After a write: re-read here, and tell other tabs to. */
  private async changed(): Promise<void> {
    this.channel?.postMessage(CHANGED_MESSAGE);
    await this.refresh();
  }

  private listen(): void {
    if (this.channel || this.channelName === null || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(this.channelName);
    this.channel.onmessage = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown } | null;
      if (data?.type === CHANGED_MESSAGE.type) void this.refresh();
    };
  }

  /** Runs an action a person started: clears the last message, sets `notice` or `error`. */
  private async act(work: () => Promise<string>, onFailure = ''): Promise<string | null> {
    batch(() => {
      this.error.value = null;
      this.notice.value = null;
      this.busy.value = true;
    });
    this.running += 1;
    try {
      const notice = await work();
      this.notice.value = notice;
      return notice;
    } catch (error) {
      this.fail(error, onFailure);
      return null;
    } finally {
      this.running -= 1;
      this.busy.value = this.running > 0;
    }
  }

  private fail(error: unknown, suffix = ''): void {
    if (isAbortError(error)) return;
    this.error.value = journalFailure(error) + suffix;
  }
}

/** The app's journal: one per page, shared by the Journal view and the measurements. */
export const journal = new JournalState();
