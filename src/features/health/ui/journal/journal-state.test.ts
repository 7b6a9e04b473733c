import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { JOURNAL_DB_VERSION } from '../../../../storage/journal-db';
import type { JournalEntry } from '../../../../storage/journal-schema';
import { parseJournalJson } from '../../../../storage/journal-io';
import { heart } from '../../../../storage/journal.test-helpers';
import { localJournalFiles } from './journal-files';
import { JournalState, importSummary, journalFailure, type JournalStateConfig } from './journal-state';

/** After every fixture entry, at local noon so the file's date is the same in every time zone. */
const NOW = new Date(2025, 0, 4, 12).getTime();
const HOUR = 3_600_000;

function fixture(name: string): File {
  const text = readFileSync(
    new URL(`../../../../../tests/fixtures/journal/${name}`, import.meta.url),
    'utf8',
  );
  return new File([text], name, { type: 'application/json' });
}

const FIXTURE_ENTRIES = parseJournalJson(
  readFileSync(new URL('../../../../../tests/fixtures/journal/valid-export.json', import.meta.url), 'utf8'),
  { now: NOW },
).entries;

let databases = 0;
const states: JournalState[] = [];

/** A state on a fresh database (fake-indexeddb keeps every database for the whole file). */
function createState(config: JournalStateConfig = {}): JournalState {
  const dbName = config.dbName ?? `journal-state-${++databases}`;
  const state = new JournalState({
    dbName,
    files: localJournalFiles(dbName),
    channel: null,
    now: () => NOW,
    ...config,
  });
  states.push(state);
  return state;
}

const ids = (entries: readonly JournalEntry[]) => entries.map((entry) => entry.id);

afterEach(async () => {
  await Promise.all(states.splice(0).map((state) => state.dispose()));
  vi.restoreAllMocks();
});

describe('journal state', () => {
  it('loads an empty journal as ready, with nothing to show', async () => {
    const state = createState();
    expect(state.status.value).toBe('idle');
    const loading = state.load();
    expect(state.status.value).toBe('loading');
    await loading;
    expect(state.status.value).toBe('ready');
    expect(state.entries.value).toEqual([]);
    expect(state.error.value).toBeNull();
  });

  it('saves measurements and lists them newest first', async () => {
    const state = createState();
    const first = await state.save(heart(NOW - 3 * HOUR, 60));
    const last = await state.save(heart(NOW - HOUR, 80));
    const middle = await state.save(heart(NOW - 2 * HOUR, 70));
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids(state.entries.value)).toEqual([last.id, middle.id, first.id]);
    expect(state.status.value).toBe('ready');
  });

  it('refuses an out-of-range measurement: rejects, says why, stores nothing', async () => {
    const state = createState();
    const error = await state.save(heart(NOW, 400)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('journal/invalid-entry');
    expect(state.error.value).toBe(
      'This measurement was not saved: entry.value must be from 30 to 240 bpm for heart-rate (got 400).',
    );
    await state.load();
    expect(state.entries.value).toEqual([]);
  });

  it('deletes one entry, then all of them, and says so', async () => {
    const state = createState();
    const kept = await state.save(heart(NOW - HOUR));
    const gone = await state.save(heart(NOW - 2 * HOUR));
    expect(await state.remove(gone.id)).toBe(true);
    expect(ids(state.entries.value)).toEqual([kept.id]);
    expect(state.notice.value).toBe('Deleted 1 entry.');

    await state.save(heart(NOW - 3 * HOUR));
    expect(await state.clear()).toBe(true);
    expect(state.entries.value).toEqual([]);
    expect(state.notice.value).toBe('Deleted all 2 entries.');
    expect(state.busy.value).toBe(false);
  });

  it('imports a file by merging, then by replacing', async () => {
    const state = createState();
    const own = await state.save(heart(NOW - HOUR));

    const merged = await state.importFile(fixture('valid-export.json'), 'merge');
    expect(merged).toEqual({ added: 5, updated: 0, removed: 0 });
    expect(state.entries.value).toHaveLength(6);
    expect(state.notice.value).toBe('Imported 5 entries (5 new).');

    const again = await state.importFile(fixture('valid-export.json'), 'merge');
    expect(again).toEqual({ added: 0, updated: 5, removed: 0 });
    expect(state.notice.value).toBe('Imported 5 entries (0 new, 5 updated).');

    const replaced = await state.importFile(fixture('valid-export.json'), 'replace');
    expect(replaced).toEqual({ added: 5, updated: 0, removed: 6 });
    expect(ids(state.entries.value)).not.toContain(own.id);
    expect([...state.entries.value].reverse()).toEqual(FIXTURE_ENTRIES);
    expect(state.notice.value).toBe('Replaced the journal with 5 imported entries (6 removed).');
  });

  it.each([
    ['bad-json.txt', 'This file cannot be imported: invalid JSON at position 379 (line 17, column 5).'],
    [
      'wrong-format.json',
      'This file cannot be imported: not an Offgrid journal file (format is "fitness-tracker-backup").',
    ],
    [
      'out-of-range.json',
      'This file cannot be imported: entries[3].value must be from 30 to 240 bpm for heart-rate (got 400).',
    ],
  ])('refuses %s with the reason, and leaves the journal as it was', async (name, message) => {
    const state = createState();
    const own = await state.save(heart(NOW - HOUR));
    for (const mode of ['merge', 'replace'] as const) {
      expect(await state.importFile(fixture(name), mode)).toBeNull();
      expect(state.error.value).toBe(`${message} Your journal was not changed.`);
      expect(ids(state.entries.value)).toEqual([own.id]);
    }
    await state.load();
    expect(ids(state.entries.value)).toEqual([own.id]);
  });

  it('says what to do with a CSV export or a file that is too large', async () => {
    const state = createState();
    await state.importFile(new File(['id,kind,value\r\n'], 'journal.csv'), 'merge');
    expect(state.error.value).toBe(
      'This file cannot be imported: it is a CSV file, and only the file that "Export JSON" makes can be imported. Your journal was not changed.',
    );
    const huge = new File([new Uint8Array(6_000_000)], 'huge.json');
    await state.importFile(huge, 'merge');
    expect(state.error.value).toMatch(/file is 6\.00 MB; the limit is 5\.00 MB/);
  });

  it('clears the last error when the next action succeeds', async () => {
    const state = createState();
    await state.importFile(fixture('bad-json.txt'), 'merge');
    expect(state.error.value).not.toBeNull();
    await state.importFile(fixture('valid-export.json'), 'merge');
    expect(state.error.value).toBeNull();
  });

  it('exports JSON that imports back to the same journal, and CSV with one row per entry', async () => {
    const files: { blob: Blob; name: string }[] = [];
    const state = createState({ download: (blob, name) => files.push({ blob, name }) });
    await state.importFile(fixture('valid-export.json'), 'merge');

    expect(await state.exportFile('json')).toBe(true);
    expect(await state.exportFile('csv')).toBe(true);
    const [json, csv] = files;
    expect(json!.name).toBe('offgrid-journal-2025-01-04.json');
    expect(json!.blob.type).toBe('application/json');
    expect(parseJournalJson(await json!.blob.text(), { now: NOW }).entries).toEqual(FIXTURE_ENTRIES);
    expect(csv!.name).toBe('offgrid-journal-2025-01-04.csv');
    expect(csv!.blob.type).toBe('text/csv;charset=utf-8');
    const text = await csv!.blob.text();
    expect(
      text.startsWith('id,kind,value,unit,quality,start,start_ms,duration_ms,method,source,note\r\n'),
    ).toBe(true);
    expect(state.notice.value).toBe('Exported 5 entries to offgrid-journal-2025-01-04.csv.');

    const other = createState();
    await other.importFile(new File([json!.blob], json!.name), 'replace');
    expect(other.entries.value).toEqual(state.entries.value);
  });

  it('follows changes made in another tab', async () => {
    const dbName = `journal-state-${++databases}`;
    const channel = `journal-test-channel-${databases}`;
    const here = createState({ dbName, channel });
    const there = createState({ dbName, channel });
    await here.load();
    await there.load();

    const saved = await there.save(heart(NOW - HOUR));
    await vi.waitFor(() => expect(ids(here.entries.value)).toEqual([saved.id]));
    await there.clear();
    await vi.waitFor(() => expect(here.entries.value).toEqual([]));
  });

  it('lets another tab upgrade the journal without waiting, and then says to reload', async () => {
    const state = createState();
    await state.save(heart(NOW - HOUR));
    const dbName = `journal-state-${databases}`;

    // A newer app version in another tab: its upgrade must not be blocked by this page.
    const blocked = vi.fn();
    const newer = await openDB(dbName, JOURNAL_DB_VERSION + 1, { blocked });
    expect(blocked).not.toHaveBeenCalled();
    newer.close();

    expect(await state.remove('anything')).toBe(false);
    expect(state.error.value).toMatch(/Reload this page to continue/);
  });

  it('reopens the journal on next use after another tab deleted it', async () => {
    const state = createState();
    await state.save(heart(NOW - HOUR));
    const dbName = `journal-state-${databases}`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(dbName);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('deleting the journal was blocked'));
    });

    const saved = await state.save(heart(NOW - 2 * HOUR));
    expect(ids(state.entries.value)).toEqual([saved.id]);
    expect(state.error.value).toBeNull();
  });
});

describe('messages', () => {
  it('summarises imports', () => {
    expect(importSummary({ added: 1, updated: 0, removed: 0 }, 'merge')).toBe('Imported 1 entry (1 new).');
    expect(importSummary({ added: 1, updated: 0, removed: 1 }, 'replace')).toBe(
      'Replaced the journal with 1 imported entry (1 removed).',
    );
  });

  it('keeps an AppError message and explains anything else', () => {
    expect(journalFailure(new AppError('storage/failed'))).toBe('The browser refused to store data.');
    expect(journalFailure(new TypeError('boom'))).toBe(
      'The journal could not do that (boom). Reload the page and try again.',
    );
  });
});
