/**
 * The private health journal: measurements a person chose to keep, in their own IndexedDB
 * database (not the model store's, so clearing models can never touch them). Nothing here
 * leaves the device; files in and out are journal-io.ts.
 *
 * Every write is one transaction that is awaited to `done`, so an entry, a delete or a whole
 * import is either stored completely or not at all.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import { AppError } from '../shared/errors';
import { checkEntries, checkEntry } from './journal-io';
import type { JournalEntry, JournalKind, JournalSource, NewJournalEntry } from './journal-schema';

export const JOURNAL_DB_NAME = 'offgrid-journal';

export interface JournalDb extends DBSchema {
  entries: {
    key: string;
    value: JournalEntry;
    indexes: { 'by-kind': JournalKind; 'by-start': number; 'by-kind-start': [JournalKind, number] };
  };
}

export type JournalDatabase = IDBPDatabase<JournalDb>;
type UpgradeTransaction = IDBPTransaction<JournalDb, 'entries'[], 'versionchange'>;
type EntryStore = IDBPObjectStore<JournalDb, ['entries'], 'entries', 'readwrite'>;

/**
 * One schema step. Steps run in order, inside the upgrade transaction, from the version on
 * disk to the last one. To change the schema, append a step with the next version; never edit
 * a step that has shipped, because databases on people's devices have already run it.
 */
export interface JournalMigration {
  version: number;
  summary: string;
  /** May await requests on `tx`, and nothing else (the upgrade commits when it goes idle). */
  run(db: JournalDatabase, tx: UpgradeTransaction): void | Promise<void>;
}

/** An entry as version 1 stored it: no `source`. */
type V1Entry = Omit<JournalEntry, 'source'> & { source?: JournalSource };

export const JOURNAL_MIGRATIONS: readonly JournalMigration[] = [
  {
    version: 1,
    summary: 'entries by id, indexed by kind and by start time',
    run(db) {
      const store = db.createObjectStore('entries', { keyPath: 'id' });
      store.createIndex('by-kind', 'kind');
      store.createIndex('by-start', 'start');
    },
  },
  {
    version: 2,
    summary: 'an index on [kind, start]; every entry says where it came from',
    async run(_db, tx) {
      const store = tx.objectStore('entries');
      store.createIndex('by-kind-start', ['kind', 'start']);
      let cursor = await store.openCursor();
      while (cursor) {
        const old: V1Entry = cursor.value;
        if (old.source === undefined) {
          // Version 1 saved only live measurements; breathing by ear is the one that used the mic.
          const source = old.method === 'microphone' ? 'microphone' : 'camera';
          await cursor.update({ ...old, source });
        }
        cursor = await cursor.continue();
      }
    },
  },
];

export const JOURNAL_DB_VERSION = JOURNAL_MIGRATIONS.at(-1)!.version;

/** Runs the steps after `oldVersion`, in order. */
async function migrate(db: JournalDatabase, oldVersion: number, tx: UpgradeTransaction): Promise<void> {
  for (const step of JOURNAL_MIGRATIONS) {
    if (step.version > oldVersion) await step.run(db, tx);
  }
}

export interface OpenJournalOptions {
  /** Database name; tests use their own. */
  name?: string;
  /** An older tab keeps the journal open, so this upgrade waits: ask the person to close other Offgrid tabs. */
  onBlocked?: () => void;
  /** Another tab is upgrading or deleting the journal: this connection has closed itself; say "reload to continue". */
  onVersionChange?: () => void;
  /** The browser closed the connection (storage cleared, disk error): say "reload to continue". */
  onTerminated?: () => void;
}

/** Opens the journal, running any migrations; keep the connection for the page's life. */
export async function openJournal(options: OpenJournalOptions = {}): Promise<JournalDatabase> {
  const { name = JOURNAL_DB_NAME, onBlocked, onVersionChange, onTerminated } = options;
  let migrationError: unknown;
  try {
    return await openDB<JournalDb>(name, JOURNAL_DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        tx.done.catch(() => {}); // An aborted upgrade rejects openDB, which is reported below.
        migrate(db, oldVersion, tx).catch((error: unknown) => {
          // Abort, so the database stays at its old version with every record, rather than commit half a step.
          migrationError = error;
          abortQuietly(tx);
        });
      },
      blocked() {
        onBlocked?.();
      },
      // Another tab or a new app version wants to upgrade: let go at once so nothing hangs.
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        onVersionChange?.();
      },
      terminated() {
        onTerminated?.();
      },
    });
  } catch (error) {
    throw toStorageError(migrationError ?? error);
  }
}

/** Validates and saves a new measurement; returns it with its new id. */
export async function addEntry(db: JournalDatabase, entry: NewJournalEntry): Promise<JournalEntry> {
  const checked = checkEntry({ ...entry, id: crypto.randomUUID() });
  if (!checked.ok) {
    throw new AppError('journal/invalid-entry', `This measurement was not saved: ${checked.problem}.`, {
      reason: checked.problem,
    });
  }
  await write(db, (store) => store.add(checked.entry));
  return checked.entry;
}

export interface ListEntriesOptions {
  kind?: JournalKind;
  /** Earliest start, epoch ms, included. */
  from?: number;
  /** Latest start, epoch ms, excluded (so one day is [midnight, next midnight)). */
  to?: number;
}

/** Entries sorted by start time (ties by id), optionally of one kind and in [from, to). */
export async function listEntries(
  db: JournalDatabase,
  { kind, from = -Infinity, to = Infinity }: ListEntriesOptions = {},
): Promise<JournalEntry[]> {
  if (!(from < to)) return [];
  try {
    if (kind === undefined) {
      return await db.getAllFromIndex('entries', 'by-start', IDBKeyRange.bound(from, to, false, true));
    }
    const range = IDBKeyRange.bound([kind, from], [kind, to], false, true);
    return await db.getAllFromIndex('entries', 'by-kind-start', range);
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Entries read per request by listAllEntries: each request's values are decoded in a task of their own. */
export const LIST_CHUNK = 1000;

/**
 * Every entry, sorted by start time (ties by id), as listEntries gives them, but read `chunk` at
 * a time from the start index within one transaction. A page that reads 30,000 entries in one
 * request decodes them all in one task (a few hundred milliseconds); in chunks, each request's
 * entries are decoded in a task of their own.
 */
export async function listAllEntries(db: JournalDatabase, chunk = LIST_CHUNK): Promise<JournalEntry[]> {
  try {
    const index = db.transaction('entries').store.index('by-start');
    const all: JournalEntry[] = [];
    let after: number | null = null;
    while (true) {
      const range: IDBKeyRange | undefined = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
      const page = await index.getAll(range, chunk);
      if (page.length < chunk) {
        for (const entry of page) all.push(entry);
        return all;
      }
      // The page may end inside a group of entries that share a start: take the whole group, so
      // the next page can begin after that start.
      const last = page.at(-1)!.start;
      const group = await index.getAll(IDBKeyRange.only(last));
      for (const entry of page) if (entry.start !== last) all.push(entry);
      for (const entry of group) all.push(entry);
      after = last;
    }
  } catch (error) {
    throw toStorageError(error);
  }
}

/** How many entries there are, of one kind or in all. */
export async function countEntries(db: JournalDatabase, kind?: JournalKind): Promise<number> {
  try {
    return kind === undefined
      ? await db.count('entries')
      : await db.countFromIndex('entries', 'by-kind', kind);
  } catch (error) {
    throw toStorageError(error);
  }
}

/** Deletes one entry; an id that is not there is not an error. */
export async function deleteEntry(db: JournalDatabase, id: string): Promise<void> {
  await write(db, (store) => store.delete(id));
}

/** Deletes every entry. */
export async function deleteAll(db: JournalDatabase): Promise<void> {
  await write(db, (store) => store.clear());
}

/** 'merge' adds entries and overwrites those with the same id; 'replace' empties the journal first. */
export type ImportMode = 'merge' | 'replace';

export interface ImportResult {
  added: number;
  /** Entries whose id was already stored (merge). */
  updated: number;
  /** Entries that were stored before and are gone (replace). */
  removed: number;
}

/** Stores checked entries in one transaction: all of them or, on any failure, none. */
export async function importEntries(
  db: JournalDatabase,
  entries: readonly JournalEntry[],
  mode: ImportMode,
): Promise<ImportResult> {
  const checked = checkEntries(entries);
  if (!checked.ok) {
    throw new AppError('journal/invalid-entry', `Nothing was imported: ${checked.problem}.`, {
      reason: checked.problem,
    });
  }
  return write(db, async (store) => {
    const before = await store.count();
    if (mode === 'replace') await store.clear();
    await putAll(store, checked.entries);
    if (mode === 'replace') return { added: checked.entries.length, updated: 0, removed: before };
    const added = (await store.count()) - before;
    return { added, updated: checked.entries.length - added, removed: 0 };
  });
}

/** Replaces the whole journal with `entries`, atomically. */
export function replaceAll(db: JournalDatabase, entries: readonly JournalEntry[]): Promise<ImportResult> {
  return importEntries(db, entries, 'replace');
}

/** Issues every put at once (one round trip, not one per entry) and waits for all of them. */
async function putAll(store: EntryStore, entries: readonly JournalEntry[]): Promise<void> {
  const pending: Promise<unknown>[] = [];
  try {
    for (const entry of entries) pending.push(store.put(entry));
  } catch (error) {
    // A put threw (the transaction is about to be aborted): the ones already issued will reject too.
    for (const request of pending) request.catch(() => {});
    throw error;
  }
  await Promise.all(pending);
}

/**
 * Runs `work` in one readwrite transaction and waits for it to commit. If anything fails, the
 * transaction is aborted, so nothing of it is stored, and the first error is reported.
 */
async function write<T>(db: JournalDatabase, work: (store: EntryStore) => Promise<T>): Promise<T> {
  let tx: IDBPTransaction<JournalDb, ['entries'], 'readwrite'>;
  try {
    tx = db.transaction('entries', 'readwrite');
  } catch (error) {
    throw toStorageError(error);
  }
  const done = tx.done;
  done.catch(() => {}); // Awaited below; an abort after a failed request must not go unhandled.
  try {
    const result = await work(tx.store);
    await done;
    return result;
  } catch (error) {
    abortQuietly(tx);
    throw toStorageError(error);
  }
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted.
  }
}

const STORAGE_MESSAGES: Record<string, string> = {
  QuotaExceededError:
    'There is not enough storage space to save the health journal. Free some space (for example, remove downloaded models in Settings) and try again.',
  VersionError:
    'A newer version of Offgrid has updated the health journal in another tab. Reload this page to continue.',
  InvalidStateError:
    'The health journal was closed because Offgrid was updated in another tab. Reload this page to continue.',
};

/** Turns an IndexedDB failure into an AppError whose message says what to do. */
export function toStorageError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const name = errorName(error);
  const message =
    STORAGE_MESSAGES[name] ??
    `The browser refused to use the health journal${name ? ` (${name})` : ''}. Reload the page and try again; in a private window the browser may not allow storage.`;
  const details: Record<string, string> = {};
  if (name) details.cause = name;
  if (error instanceof Error && error.message) details.causeMessage = error.message;
  return new AppError('storage/failed', message, details);
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return '';
}
