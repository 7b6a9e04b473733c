import 'fake-indexeddb/auto';
import * as idb from 'idb';
import type { IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectsAfter } from './fake-timers.test-helpers';
import { MODEL_DB_VERSION, OPEN_TIMEOUT_MS, openModelDb } from './model-db';

vi.mock('idb', async (importOriginal) => {
  const real = await importOriginal<typeof idb>();
  return { ...real, openDB: vi.fn(real.openDB) };
});

afterEach(() => {
  vi.useRealTimers();
});

function openRaw(name: string, version: number): Promise<{ db: IDBDatabase; blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const open = indexedDB.open(name, version);
    open.onblocked = () => (blocked = true);
    open.onsuccess = () => resolve({ db: open.result, blocked });
    open.onerror = () => reject(open.error);
  });
}

describe('openModelDb', () => {
  it('lets go at once when a newer version upgrades the store, and reopens fresh afterwards', async () => {
    const name = 'model-db-upgrade';
    const old = await openModelDb(name);
    const { db, blocked } = await openRaw(name, MODEL_DB_VERSION + 1);
    expect(blocked).toBe(false);
    db.close();
    expect(() => old.transaction('files')).toThrow();
    // This tab's code is older than the store now: it says to reload, in words.
    await expect(openModelDb(name)).rejects.toMatchObject({
      code: 'storage/failed',
      message: expect.stringContaining('Reload this page'),
    });
  });

  it('forgets a failed open, so the next call tries again', async () => {
    const name = 'model-db-retry';
    const { db } = await openRaw(name, MODEL_DB_VERSION + 1);
    db.close();
    await expect(openModelDb(name)).rejects.toMatchObject({ details: { cause: 'VersionError' } });
    await new Promise<void>((resolve) => {
      indexedDB.deleteDatabase(name).onsuccess = () => resolve();
    });
    expect((await openModelDb(name)).version).toBe(MODEL_DB_VERSION);
  });

  it('gives up on an open that never answers, opens afresh on the next call, and closes the late one', async () => {
    vi.useFakeTimers();
    const name = 'model-db-stalled';
    let answerLate: (db: IDBPDatabase<unknown>) => void = () => undefined;
    const late = { close: vi.fn() };
    vi.mocked(idb.openDB).mockImplementationOnce(() => new Promise((resolve) => (answerLate = resolve)));
    await rejectsAfter(openModelDb(name), OPEN_TIMEOUT_MS, {
      code: 'storage/failed',
      message: expect.stringContaining(`did not open within ${OPEN_TIMEOUT_MS / 1000} s`),
      details: { cause: 'open-timeout' },
    });
    vi.useRealTimers();
    const second = await openModelDb(name);
    expect(second.version).toBe(MODEL_DB_VERSION);
    expect(await openModelDb(name)).toBe(second);
    answerLate(late as unknown as IDBPDatabase<unknown>);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(late.close).toHaveBeenCalledOnce();
    expect(await openModelDb(name)).toBe(second);
  });
});
