/**
 * The model store's IndexedDB database (idb, typed schema). The service worker writes it;
 * pages read it to show what is stored. Health data lives in a different database, so
 * clearing models can never touch it.
 *
 * Files are stored by content (SHA-256): two model versions that share a file share its
 * bytes, and an unchanged file is never downloaded twice.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { AppError } from '../shared/errors';
import type { Precision } from '../shared/model-registry';

export const MODEL_DB_NAME = 'offgrid-models';
export const MODEL_DB_VERSION = 1;

/** One file's bytes, complete or still arriving. */
export interface StoredFile {
  sha256: string;
  /** Size the registry promises. */
  bytes: number;
  /** Bytes verified into chunks so far. */
  receivedBytes: number;
  chunkCount: number;
  /** hash-wasm SHA-256 state after `receivedBytes`, so a resumed download keeps hashing. */
  hashState?: Uint8Array;
  complete: boolean;
  url: string;
  updatedAt: number;
}

export interface StoredChunk {
  sha256: string;
  index: number;
  data: ArrayBuffer;
}

/** The version of a model that is in use: switched in one transaction once all its files verify. */
export interface InstalledModel {
  id: string;
  version: string;
  variant: Precision;
  files: { path: string; sha256: string; bytes: number }[];
  installedAt: number;
}

/** A download the user asked for and that has not finished: resumed after a reload or a crash. */
export interface PendingJob {
  modelId: string;
  variant: Precision;
  requestedAt: number;
}

export interface SettingRecord {
  key: string;
  value: string | number | boolean;
}

export interface ModelDb extends DBSchema {
  files: { key: string; value: StoredFile };
  chunks: { key: [string, number]; value: StoredChunk };
  installed: { key: string; value: InstalledModel };
  jobs: { key: string; value: PendingJob };
  settings: { key: string; value: SettingRecord };
}

export type ModelDatabase = IDBPDatabase<ModelDb>;

const opened = new Map<string, Promise<ModelDatabase>>();

/** This tab runs an older app than the one that last opened the store (another tab updated it). */
const NEWER_VERSION_ERROR = () =>
  new AppError(
    'storage/failed',
    'A newer version of Offgrid has updated the model store in another tab. Reload this page to continue.',
    { cause: 'VersionError' },
  );

/**
 * How long one open may take. WebKit sometimes leaves an open pending forever (webkit.org/b/226547
 * is one such case) while a second open succeeds, so a stalled open is abandoned and the next call
 * opens afresh instead of waiting on it again.
 */
export const OPEN_TIMEOUT_MS = 10_000;

const STALLED_OPEN_ERROR = () =>
  new AppError(
    'storage/failed',
    `The model store did not open within ${OPEN_TIMEOUT_MS / 1000} s. Offgrid tries again; if this stays, reload the page.`,
    { cause: 'open-timeout' },
  );

/** Opens (once per context) the model database, creating or migrating its stores. */
export function openModelDb(name = MODEL_DB_NAME): Promise<ModelDatabase> {
  const existing = opened.get(name);
  if (existing) return existing;
  let stalled = false;
  const request = openDB<ModelDb>(name, MODEL_DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('files', { keyPath: 'sha256' });
        db.createObjectStore('chunks', { keyPath: ['sha256', 'index'] });
        db.createObjectStore('installed', { keyPath: 'id' });
        db.createObjectStore('jobs', { keyPath: 'modelId' });
        db.createObjectStore('settings', { keyPath: 'key' });
      }
    },
    // Another tab or a new app version wants to upgrade: let go at once so nothing hangs.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      if (opened.get(name) === opening) opened.delete(name);
    },
    terminated() {
      if (opened.get(name) === opening) opened.delete(name);
    },
  }).catch((error: unknown) => {
    throw error instanceof DOMException && error.name === 'VersionError' ? NEWER_VERSION_ERROR() : error;
  });
  // An open that answers after it was given up on is closed, so it holds no connection.
  void request.then(
    (db) => stalled && db.close(),
    () => undefined,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opening = Promise.race([
    request,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stalled = true;
        reject(STALLED_OPEN_ERROR());
      }, OPEN_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  opened.set(name, opening);
  opening.catch(() => {
    if (opened.get(name) === opening) opened.delete(name);
  });
  return opening;
}

/** Key range covering every chunk of one file. */
export function chunkRange(sha256: string): IDBKeyRange {
  return IDBKeyRange.bound([sha256, 0], [sha256, Number.MAX_SAFE_INTEGER]);
}
