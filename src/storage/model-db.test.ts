import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MODEL_DB_VERSION, openModelDb } from './model-db';

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
});
