import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../shared/errors';
import {
  JOURNAL_DB_VERSION,
  JOURNAL_MIGRATIONS,
  addEntry,
  countEntries,
  deleteAll,
  deleteEntry,
  importEntries,
  listAllEntries,
  listEntries,
  openJournal,
  replaceAll,
  type JournalDatabase,
} from './journal-db';
import type { JournalEntry, NewJournalEntry } from './journal-schema';
import { parseJournalJson, toJson } from './journal-io';
import { heart, squats } from './journal.test-helpers';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1, 12);

let databases = 0;
/** A fresh database name per test: fake-indexeddb keeps every database for the whole file. */
const freshName = () => `journal-test-${++databases}`;

function withId(id: string, entry: NewJournalEntry): JournalEntry {
  return { id, ...entry };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('journal entries', () => {
  it('adds, lists by start time, counts and deletes', async () => {
    const db = await openJournal({ name: freshName() });
    const late = await addEntry(db, heart(T0 + 2 * DAY, 80));
    const early = await addEntry(db, squats(T0));
    const middle = await addEntry(db, heart(T0 + DAY, 65));

    expect(early.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([early.id, middle.id, late.id]).size).toBe(3);
    expect(await listEntries(db)).toEqual([early, middle, late]);
    expect(await countEntries(db)).toBe(3);
    expect(await countEntries(db, 'heart-rate')).toBe(2);

    await deleteEntry(db, middle.id);
    await deleteEntry(db, 'not-there');
    expect(await listEntries(db)).toEqual([early, late]);

    await deleteAll(db);
    expect(await listEntries(db)).toEqual([]);
    expect(await countEntries(db)).toBe(0);
    db.close();
  });

  it('lists every entry in chunks exactly as in one read, groups of equal starts across chunk ends included', async () => {
    const db = await openJournal({ name: freshName() });
    // 40 entries; starts repeat in runs of 1 to 6, so chunks of 4 and 5 end inside runs.
    const entries: JournalEntry[] = [];
    let start = T0;
    for (let i = 0; i < 40; i++) {
      if (i % 7 !== 3 && i % 7 !== 4 && i % 11 !== 5) start += 60_000;
      entries.push({
        ...heart(start, 60 + (i % 30)),
        id: `e-${String((i * 17) % 40).padStart(2, '0')}`,
        source: 'camera',
      } as JournalEntry);
    }
    // A run longer than a chunk.
    for (let i = 0; i < 9; i++)
      entries.push({ ...heart(T0 + DAY, 70), id: `same-${i}`, source: 'camera' } as JournalEntry);
    await importEntries(db, entries, 'replace');
    const whole = await listEntries(db);
    expect(whole).toHaveLength(entries.length);
    for (const chunk of [1, 4, 5, 8, 1000]) expect(await listAllEntries(db, chunk)).toEqual(whole);
    await deleteAll(db);
    expect(await listAllEntries(db, 4)).toEqual([]);
    db.close();
  });

  it('filters by kind and by a [from, to) time range', async () => {
    const db = await openJournal({ name: freshName() });
    const days = [];
    for (let day = 0; day < 4; day++) {
      days.push({
        heart: await addEntry(db, heart(T0 + day * DAY)),
        squats: await addEntry(db, squats(T0 + day * DAY + 1)),
      });
    }
    expect(await listEntries(db, { kind: 'heart-rate' })).toEqual(days.map((d) => d.heart));
    expect(await listEntries(db, { kind: 'reps-squat', from: T0 + DAY, to: T0 + 3 * DAY })).toEqual([
      days[1]!.squats,
      days[2]!.squats,
    ]);
    expect(await listEntries(db, { from: T0 + 3 * DAY })).toEqual([days[3]!.heart, days[3]!.squats]);
    expect(await listEntries(db, { to: T0 + 1 })).toEqual([days[0]!.heart]);
    expect(await listEntries(db, { kind: 'reps-jumping-jack' })).toEqual([]);
    expect(await listEntries(db, { from: T0 + DAY, to: T0 + DAY })).toEqual([]);
    db.close();
  });

  it('refuses an invalid measurement and stores nothing', async () => {
    const db = await openJournal({ name: freshName() });
    const error = await rejection(addEntry(db, heart(T0, 400)));
    expect(error.code).toBe('journal/invalid-entry');
    expect(error.message).toBe(
      'This measurement was not saved: entry.value must be from 30 to 240 bpm for heart-rate (got 400).',
    );
    const mismatched = { ...heart(T0), unit: 'reps' } as unknown as NewJournalEntry;
    expect((await rejection(addEntry(db, mismatched))).details.reason).toBe(
      'entry.unit must be "bpm" for heart-rate (got "reps")',
    );
    expect(await countEntries(db)).toBe(0);
    db.close();
  });

  it('keeps only known fields', async () => {
    const db = await openJournal({ name: freshName() });
    const extra = { ...heart(T0), note: 'rested', colour: 'red' } as NewJournalEntry;
    expect((await rejection(addEntry(db, extra))).details.reason).toBe('entry has an unknown field "colour"');
    const saved = await addEntry(db, { ...heart(T0), note: 'rested' });
    expect(await listEntries(db)).toStrictEqual([saved]);
    db.close();
  });

  it('keeps every record through closing and reopening', async () => {
    const name = freshName();
    const first = await openJournal({ name });
    const saved = [await addEntry(first, heart(T0)), await addEntry(first, squats(T0 + DAY))];
    first.close();

    const second = await openJournal({ name });
    expect(await listEntries(second)).toEqual(saved);
    second.close();
  });
});

describe('journal migrations', () => {
  it('numbers its steps 1, 2, ... so a new version is one more step', () => {
    expect(JOURNAL_MIGRATIONS.map((step) => step.version)).toEqual(
      JOURNAL_MIGRATIONS.map((_step, index) => index + 1),
    );
    expect(JOURNAL_DB_VERSION).toBe(JOURNAL_MIGRATIONS.length);
  });

  it('upgrades a version 1 database, keeping every record and filling in its source', async () => {
    const name = freshName();
    // Version 1 as it shipped: no `source` field, no [kind, start] index.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        const store = db.createObjectStore('entries', { keyPath: 'id' });
        store.createIndex('by-kind', 'kind');
        store.createIndex('by-start', 'start');
      },
    });
    const old = [
      {
        id: 'a',
        kind: 'heart-rate',
        value: 61,
        unit: 'bpm',
        quality: 0.7,
        start: T0,
        durationMs: 30_000,
        method: 'rppg-pos',
      },
      {
        id: 'b',
        kind: 'breathing-rate',
        value: 12,
        unit: 'breaths/min',
        quality: 0.6,
        start: T0 + DAY,
        durationMs: 60_000,
        method: 'microphone',
      },
      {
        id: 'c',
        kind: 'heart-rate',
        value: 75,
        unit: 'bpm',
        quality: 0.9,
        start: T0 + 2 * DAY,
        durationMs: 30_000,
        note: 'after coffee',
      },
      {
        id: 'd',
        kind: 'reps-squat',
        value: 15,
        unit: 'reps',
        quality: 0.95,
        start: T0 + 3 * DAY,
        durationMs: 50_000,
      },
    ];
    for (const record of old) await v1.put('entries', record);
    v1.close();

    const db = await openJournal({ name });
    expect(db.version).toBe(JOURNAL_DB_VERSION);
    expect([...db.transaction('entries').store.indexNames].sort()).toEqual([
      'by-kind',
      'by-kind-start',
      'by-start',
    ]);
    expect(await listEntries(db)).toEqual([
      { ...old[0], source: 'camera' },
      { ...old[1], source: 'microphone' },
      { ...old[2], source: 'camera' },
      { ...old[3], source: 'camera' },
    ]);
    // The new index answers kind-and-time queries.
    expect((await listEntries(db, { kind: 'heart-rate', from: T0 + 1 })).map((e) => e.id)).toEqual(['c']);
    expect(
      await db.getAllKeysFromIndex(
        'entries',
        'by-kind-start',
        IDBKeyRange.bound(['heart-rate', 0], ['heart-rate', Infinity]),
      ),
    ).toEqual(['a', 'c']);
    db.close();
  });

  it('gives a new database the same schema as an upgraded one', async () => {
    const db = await openJournal({ name: freshName() });
    const store = db.transaction('entries').store;
    expect(store.keyPath).toBe('id');
    expect(store.index('by-kind').keyPath).toBe('kind');
    expect(store.index('by-start').keyPath).toBe('start');
    expect(store.index('by-kind-start').keyPath).toEqual(['kind', 'start']);
    db.close();
  });

  it('refuses a database a newer app has upgraded, with a message that says to reload', async () => {
    const name = freshName();
    const newer = await openDB(name, JOURNAL_DB_VERSION + 1, {
      upgrade: (db) => void db.createObjectStore('entries', { keyPath: 'id' }),
    });
    newer.close();
    const error = await rejection(openJournal({ name }));
    expect(error.code).toBe('storage/failed');
    expect(error.details.cause).toBe('VersionError');
    expect(error.message).toMatch(/Reload this page to continue/);
  });
});

describe('journal connections', () => {
  it('closes itself when another tab upgrades, so the upgrade does not hang', async () => {
    const name = freshName();
    const onVersionChange = vi.fn();
    const db = await openJournal({ name, onVersionChange });
    await addEntry(db, heart(T0));

    const upgrading = openDB(name, JOURNAL_DB_VERSION + 1, {
      upgrade(upgraded) {
        upgraded.createObjectStore('settings');
      },
    });
    const next = await Promise.race([
      upgrading,
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('the upgrade hung')), 1000)),
    ]);
    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(next.version).toBe(JOURNAL_DB_VERSION + 1);
    expect(await next.count('entries')).toBe(1);
    next.close();

    const error = await rejection(addEntry(db, heart(T0 + 1)));
    expect(error.details.cause).toBe('InvalidStateError');
    expect(error.message).toMatch(/Reload this page to continue/);
  });

  it('says when an older connection blocks the upgrade, and opens once it closes', async () => {
    const name = freshName();
    // An old tab's connection that ignores versionchange.
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('entries', { keyPath: 'id' }).createIndex('by-kind', 'kind');
      },
    });
    let opened = false;
    const onBlocked = vi.fn(() => {
      expect(opened).toBe(false);
      old.close();
    });
    const opening = openJournal({ name, onBlocked }).then((db) => {
      opened = true;
      return db;
    });
    const db = await opening;
    expect(onBlocked).toHaveBeenCalledTimes(1);
    expect(db.version).toBe(JOURNAL_DB_VERSION);
    db.close();
  });
});

describe('importEntries', () => {
  const imported = [
    withId('imp-1', heart(T0 - 3 * DAY, 58)),
    withId('imp-2', squats(T0 - 2 * DAY)),
    withId('imp-3', heart(T0 - DAY, 66)),
    withId('imp-4', squats(T0 + 5 * DAY, 30)),
  ];

  async function journalWithTwo(): Promise<{ db: JournalDatabase; before: JournalEntry[] }> {
    const db = await openJournal({ name: freshName() });
    await addEntry(db, heart(T0));
    await addEntry(db, squats(T0 + DAY));
    return { db, before: await listEntries(db) };
  }

  it('merges: adds new ids and overwrites stored ones', async () => {
    const { db, before } = await journalWithTwo();
    const changed = { ...before[0]!, value: 90, note: 'edited on the other phone' };
    const result = await importEntries(db, [...imported, changed], 'merge');
    expect(result).toEqual({ added: 4, updated: 1, removed: 0 });
    const after = await listEntries(db);
    expect(after).toHaveLength(6);
    expect(after).toContainEqual(changed);
    expect(after).toContainEqual(before[1]);
    db.close();
  });

  it('replaces: the journal becomes exactly the imported entries', async () => {
    const { db } = await journalWithTwo();
    expect(await replaceAll(db, imported)).toEqual({ added: 4, updated: 0, removed: 2 });
    expect(await listEntries(db)).toEqual(imported);
    db.close();
  });

  it('refuses invalid entries or repeated ids before writing anything', async () => {
    const { db, before } = await journalWithTwo();
    const bad = { ...imported[2]!, quality: 2 };
    const error = await rejection(importEntries(db, [imported[0]!, bad], 'replace'));
    expect(error.code).toBe('journal/invalid-entry');
    expect(error.message).toBe(
      'Nothing was imported: entries[1].quality must be a number from 0 to 1 (got 2).',
    );
    const repeated = await rejection(importEntries(db, [imported[0]!, imported[0]!], 'merge'));
    expect(repeated.details.reason).toBe('entries[1].id "imp-1" repeats entries[0].id');
    expect(await listEntries(db)).toEqual(before);
    db.close();
  });

  describe.each(['merge', 'replace'] as const)('%s is all or nothing', (mode) => {
    it('when the browser throws mid-import (storage full)', async () => {
      const { db, before } = await journalWithTwo();
      const put = IDBObjectStore.prototype.put;
      let calls = 0;
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
        if (++calls === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      });

      const error = await rejection(importEntries(db, imported, mode));
      expect(calls).toBe(3);
      expect(error.details.cause).toBe('QuotaExceededError');
      expect(error.message).toMatch(
        /^There is not enough storage space to save the health journal\. Free some space/,
      );
      vi.restoreAllMocks();
      expect(await listEntries(db)).toEqual(before);
      db.close();
    });

    it('when a write fails inside the transaction (a constraint error)', async () => {
      const { db, before } = await journalWithTwo();
      const put = IDBObjectStore.prototype.put;
      let calls = 0;
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
        // The third write adds a key the first one already stored: the request fails asynchronously.
        if (++calls === 3) return this.add(imported[0]);
        return put.apply(this, args);
      });

      const error = await rejection(importEntries(db, imported, mode));
      expect(error.details.cause).toBe('ConstraintError');
      vi.restoreAllMocks();
      expect(await listEntries(db)).toEqual(before);
      db.close();
    });
  });
});

describe('export and import', () => {
  it('moves a journal to another database exactly, ids included', async () => {
    const source = await openJournal({ name: freshName() });
    await addEntry(source, heart(T0));
    await addEntry(source, { ...squats(T0 + DAY), note: 'with "weights", 10 kg\nfelt fine' });
    await addEntry(source, {
      kind: 'breathing-rate',
      value: 13.25,
      unit: 'breaths/min',
      quality: 0.55,
      start: T0 + 2 * DAY,
      durationMs: 60_000,
      method: 'microphone',
      source: 'microphone',
    });
    const entries = await listEntries(source);
    const file = toJson(entries);

    const target = await openJournal({ name: freshName() });
    await addEntry(target, heart(T0 - DAY));
    await importEntries(target, parseJournalJson(file).entries, 'replace');
    expect(await listEntries(target)).toStrictEqual(entries);
    source.close();
    target.close();
  });
});
