import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from './journal-schema';
import {
  CSV_COLUMNS,
  JournalImportError,
  checkEntry,
  checkImportSize,
  parseJournalJson,
  toCsv,
  toJson,
} from './journal-io';

/** A fixed "now" after every fixture entry (2025-01-04T10:00:00Z). */
const NOW = Date.UTC(2025, 0, 4, 10);

function fixture(name: string): string {
  return readFileSync(new URL(`../../tests/fixtures/journal/${name}`, import.meta.url), 'utf8');
}

function parse(text: string, options = {}) {
  return parseJournalJson(text, { now: NOW, ...options });
}

/** The error a file is refused with, or a failure when it is accepted. */
function refusal(text: string, options = {}): JournalImportError {
  try {
    parse(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(JournalImportError);
    const refused = error as JournalImportError;
    expect(refused.message).toBe(`This file cannot be imported: ${refused.reason}.`);
    expect(refused.details).toEqual({ reason: refused.reason });
    return refused;
  }
  throw new Error('the file was accepted');
}

/** The reason a file as a whole is refused (code journal/invalid-import). */
function reasonFor(text: string, options = {}): string {
  const { code, reason } = refusal(text, options);
  expect(code).toBe('journal/invalid-import');
  return reason;
}

const VALID = fixture('valid-export.json');
const ENTRIES = parse(VALID).entries;

const heartRate: JournalEntry = {
  id: 'a',
  kind: 'heart-rate',
  value: 70,
  unit: 'bpm',
  quality: 0.8,
  start: NOW - 60_000,
  durationMs: 30_000,
  source: 'camera',
};

describe('toJson and parseJournalJson', () => {
  it('reads a valid export with every field as written', () => {
    const { entries, exportedAt } = parse(VALID);
    expect(exportedAt).toBe('2025-01-04T10:00:00.000Z');
    expect(entries).toStrictEqual(JSON.parse(VALID).entries);
  });

  it('round-trips exactly: same entries, same ids, same text on a second export', () => {
    const text = toJson(ENTRIES, { now: NOW });
    const back = parse(text);
    expect(back.entries).toStrictEqual(ENTRIES);
    expect(back.exportedAt).toBe(new Date(NOW).toISOString());
    expect(toJson(back.entries, { now: NOW })).toBe(text);
  });

  it('writes a versioned envelope, one entry per line', () => {
    const text = toJson(ENTRIES, { now: NOW });
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(['format', 'version', 'exportedAt', 'entries']);
    expect(data).toMatchObject({
      format: 'offgrid-journal',
      version: 1,
      exportedAt: '2025-01-04T10:00:00.000Z',
    });
    expect(text.trimEnd().split('\n')).toHaveLength(ENTRIES.length + 2);
  });

  it('round-trips an empty journal', () => {
    expect(parse(toJson([], { now: NOW })).entries).toEqual([]);
  });

  it('keeps ids and sources, and marks entries without a source as imported', () => {
    const entries = parse(fixture('no-source.json')).entries;
    expect(entries.map((e) => e.id)).toEqual(ENTRIES.map((e) => e.id));
    expect(entries.map((e) => e.source)).toEqual(['camera', 'microphone', 'camera', 'import', 'import']);
  });

  it('accepts a file that starts with a byte-order mark', () => {
    expect(parse(`\uFEFF${VALID}`).entries).toHaveLength(ENTRIES.length);
  });
});

describe('parseJournalJson rejects', () => {
  it.each([
    ['missing-format.json', 'not an Offgrid journal file (missing format field)'],
    ['wrong-format.json', 'not an Offgrid journal file (format is "fitness-tracker-backup")'],
    [
      'newer-version.json',
      'the file is journal version 2, and this app reads version 1; update Offgrid and try again',
    ],
    ['bad-json.txt', 'invalid JSON at position 379 (line 17, column 5)'],
  ])('%s as a whole (journal/invalid-import)', (name, reason) => {
    expect(reasonFor(fixture(name))).toBe(reason);
  });

  it.each([
    ['bad-value.json', 'entries[1].value must be a finite number (got "14.5")'],
    ['unit-mismatch.json', 'entries[0].unit must be "bpm" for heart-rate (got "reps")'],
    ['out-of-range.json', 'entries[3].value must be from 30 to 240 bpm for heart-rate (got 400)'],
    ['duplicate-ids.json', 'entries[4].id "0b9c7a52-4a3f-4c1e-9d57-2f1f6f0e8a02" repeats entries[1].id'],
  ])('%s for one entry (journal/invalid-entry)', (name, reason) => {
    const { code, reason: got } = refusal(fixture(name));
    expect(code).toBe('journal/invalid-entry');
    expect(got).toBe(reason);
  });

  it('a file cut off in the middle', () => {
    expect(reasonFor(VALID.slice(0, 100))).toBe('invalid JSON at position 100: the file ends too early');
    expect(reasonFor('')).toBe('invalid JSON at position 0: the file ends too early');
  });

  it('JSON that is not an object, or has the wrong version or envelope', () => {
    const envelope = {
      format: 'offgrid-journal',
      version: 1,
      exportedAt: '2025-01-04T10:00:00.000Z',
      entries: [],
    };
    const reason = (data: unknown) => reasonFor(JSON.stringify(data));
    expect(reason([])).toBe('not an Offgrid journal file (it is not a JSON object)');
    expect(reason({ ...envelope, version: undefined })).toBe('missing version field');
    expect(reason({ ...envelope, version: '1' })).toBe('unsupported journal version "1"');
    expect(reason({ ...envelope, version: 0 })).toBe('unsupported journal version 0');
    expect(reason({ ...envelope, extra: true })).toBe('unknown field "extra" at the top level');
    expect(reason({ ...envelope, exportedAt: 'yesterday' })).toBe(
      'exportedAt must be an ISO date (got "yesterday")',
    );
    expect(reason({ ...envelope, entries: {} })).toBe('entries must be a list (got {})');
  });

  it('a file over the size limit, counted in UTF-8 bytes, before parsing it', () => {
    expect(reasonFor(' '.repeat(12_000), { maxBytes: 5_000 })).toBe('file is 12.0 kB; the limit is 5.00 kB');
    // 3000 two-byte characters: 6 kB, though only 3000 UTF-16 code units.
    expect(reasonFor('é'.repeat(3_000), { maxBytes: 5_000 })).toBe('file is 6.00 kB; the limit is 5.00 kB');
    expect(reasonFor(VALID, { maxBytes: 1000 })).toMatch(/^file is \d\.\d\d kB; the limit is 1\.00 kB$/);
    expect(() => checkImportSize(12_000_000)).toThrow('file is 12.0 MB; the limit is 5.00 MB');
    expect(() => checkImportSize(5_000_000)).not.toThrow();
    expect(() => checkImportSize(5_000_001)).toThrow('file is 5.00 MB; the limit is 5.00 MB');
    expect(() => checkImportSize(1001, 1000)).toThrow('file is 1.00 kB; the limit is 1.00 kB');
    expect(() => checkImportSize(1000, 1000)).not.toThrow();
  });

  it('counts UTF-8 bytes at every boundary of the encoding', () => {
    /** The size the limit check counts, read from the refusal of a 0-byte limit. */
    const size = (text: string) =>
      Number(/^file is (\d+) B; the limit is 0 B$/.exec(reasonFor(text, { maxBytes: 0 }))?.[1]);
    expect(size('\u007f')).toBe(1);
    expect(size('\u0080')).toBe(2);
    expect(size('\u07ff')).toBe(2);
    expect(size('\u0800')).toBe(3);
    expect(size('\ud7ff')).toBe(3);
    expect(size('\ud800\udc00')).toBe(4);
    expect(size('\udbff\udfff')).toBe(4);
    expect(size('a\ud83d\ude00b')).toBe(6);
    // Unpaired surrogates are written as U+FFFD, three bytes each.
    expect(size('\udc00')).toBe(3);
    expect(size('\ud800')).toBe(3);
    expect(size('\ud800a')).toBe(4);
    expect(size('\ud800\ud800')).toBe(6);
    expect(size('\udbff\ue000')).toBe(6);
    expect(size('\ue000')).toBe(3);
    expect(size('x'.repeat(5) + '😀'.repeat(3))).toBe(17);
  });

  it('a file with too many entries', () => {
    expect(reasonFor(VALID, { maxEntries: 3 })).toBe('file has 5 entries; the limit is 3');
  });
});

describe('checkEntry', () => {
  const problem = (changes: Record<string, unknown>) => {
    const checked = checkEntry({ ...heartRate, ...changes }, 'entries[3]', { now: NOW });
    return checked.ok ? 'ok' : checked.problem;
  };

  it('accepts a plain entry and drops nothing', () => {
    expect(checkEntry(heartRate, 'entry', { now: NOW })).toEqual({ ok: true, entry: heartRate });
  });

  it.each([
    [{ value: Number.NaN }, 'entries[3].value must be a finite number (got NaN)'],
    [{ value: 29 }, 'entries[3].value must be from 30 to 240 bpm for heart-rate (got 29)'],
    [{ kind: 'breathing-rate', unit: 'breaths/min', value: 61 }, 'entries[3].value must be from 3 to 60'],
    [
      { kind: 'reps-squat', unit: 'reps', value: 2.5 },
      'entries[3].value must be a whole number of reps (got 2.5)',
    ],
    [{ kind: 'reps-squat', unit: 'reps', value: 10_001 }, 'entries[3].value must be from 0 to 10000 reps'],
    [
      { kind: 'walking' },
      'entries[3].kind must be one of heart-rate, breathing-rate, reps-squat, reps-jumping-jack',
    ],
    [{ unit: 'breaths/min' }, 'entries[3].unit must be "bpm" for heart-rate (got "breaths/min")'],
    [{ quality: 1.5 }, 'entries[3].quality must be a number from 0 to 1 (got 1.5)'],
    [{ quality: undefined }, 'entries[3].quality must be a number from 0 to 1 (missing)'],
    [{ start: 0 }, 'entries[3].start must be a time from 2000-01-01 to now'],
    [{ start: NOW + 2 * 86_400_000 }, 'entries[3].start must be a time from 2000-01-01 to now'],
    [{ start: '2025-01-01' }, 'entries[3].start must be a time'],
    [{ durationMs: -1 }, 'entries[3].durationMs must be from 0 to 86400000 (one day) (got -1)'],
    [{ id: '' }, 'entries[3].id must be a text of 1 to 128 characters (got "")'],
    [{ id: 7 }, 'entries[3].id must be a text of 1 to 128 characters (got 7)'],
    [{ method: 'x'.repeat(65) }, 'entries[3].method must be a text of at most 64 characters'],
    [{ source: 'watch' }, 'entries[3].source must be one of camera, microphone, import (got "watch")'],
    [{ source: undefined }, 'entries[3].source must be one of camera, microphone, import (missing)'],
    [{ note: 42 }, 'entries[3].note must be a text of at most 2000 characters'],
    [{ note: 'x'.repeat(2001) }, 'entries[3].note must be a text of at most 2000 characters'],
    [{ colour: 'red' }, 'entries[3] has an unknown field "colour"'],
  ])('%j', (changes, expected) => {
    expect(problem(changes)).toContain(expected);
  });

  it('rejects a value that is not an object', () => {
    expect(checkEntry(null, 'entries[0]')).toEqual({
      ok: false,
      problem: 'entries[0] must be an object (got null)',
    });
  });
});

describe('toCsv', () => {
  const csv = toCsv(ENTRIES);
  const lines = csv.split('\r\n');

  it('starts with a header row and ends every row with CRLF', () => {
    expect(lines[0]).toBe('id,kind,value,unit,quality,start,start_ms,duration_ms,method,source,note');
    expect(lines[0]!.split(',')).toEqual([...CSV_COLUMNS]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes ISO dates next to epoch ms and quotes only what needs it', () => {
    expect(lines[1]).toBe(
      '0b9c7a52-4a3f-4c1e-9d57-2f1f6f0e8a01,heart-rate,72.4,bpm,0.83,2025-01-01T12:00:00.000Z,1735732800000,30000,rppg-pos,camera,',
    );
    expect(lines[2]).toMatch(/,microphone,"after a walk, sitting"$/);
    expect(lines[3]).toMatch(/,camera,"knees ""a bit"" sore"$/);
    // A line break inside a quoted field stays in the field (LF here; rows end in CRLF).
    expect(csv).toContain(',camera,"line one\nline two"\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(lines[5]).toMatch(/,import,'=1\+1$/);
  });

  it('writes only the header for an empty journal', () => {
    expect(toCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('journal checks at their limits', () => {
  const check = (changes: Record<string, unknown>) => {
    const checked = checkEntry({ ...heartRate, ...changes }, 'e', { now: NOW });
    return checked.ok ? 'ok' : checked.problem;
  };

  it('accepts every limit itself and refuses just past it', () => {
    expect(check({ id: 'x'.repeat(128) })).toBe('ok');
    expect(check({ id: 'x'.repeat(129) })).toMatch(
      /^e\.id must be a text of 1 to 128 characters \(got "x{36}\.\.\.\)$/,
    );
    expect(check({ id: '' })).toBe('e.id must be a text of 1 to 128 characters (got "")');
    expect(check({ value: 30 })).toBe('ok');
    expect(check({ value: 240 })).toBe('ok');
    expect(check({ value: 240.5 })).toMatch(/^e\.value must be from 30 to 240/);
    expect(check({ value: Number.POSITIVE_INFINITY })).toBe('e.value must be a finite number (got Infinity)');
    expect(check({ value: '70' })).toBe('e.value must be a finite number (got "70")');
    expect(check({ quality: 0 })).toBe('ok');
    expect(check({ quality: 1 })).toBe('ok');
    expect(check({ quality: -0.01 })).toMatch(/^e\.quality must be a number from 0 to 1/);
    expect(check({ quality: Number.NaN })).toMatch(/^e\.quality must be a number from 0 to 1/);
    expect(check({ start: Date.UTC(2000, 0, 1) })).toBe('ok');
    expect(check({ start: Date.UTC(2000, 0, 1) - 1 })).toMatch(/^e\.start must be a time/);
    expect(check({ start: NOW + 86_400_000 })).toBe('ok');
    expect(check({ start: NOW + 86_400_001 })).toMatch(/^e\.start must be a time/);
    expect(check({ durationMs: 0 })).toBe('ok');
    expect(check({ durationMs: 86_400_000 })).toBe('ok');
    expect(check({ durationMs: 86_400_001 })).toMatch(/^e\.durationMs must be from 0 to 86400000/);
    expect(check({ durationMs: -1 })).toMatch(/^e\.durationMs must be from 0/);
    expect(check({ durationMs: Number.NaN })).toMatch(/^e\.durationMs must be from 0/);
    expect(check({ method: 'm'.repeat(64) })).toBe('ok');
    expect(check({ method: 'm'.repeat(65) })).toMatch(/^e\.method must be a text of at most 64/);
  });

  it('names the entry "entry" by default and refuses non-objects', () => {
    const { id: _id, ...noId } = heartRate;
    expect(checkEntry(noId, undefined, { now: NOW })).toEqual({
      ok: false,
      problem: 'entry.id must be a text of 1 to 128 characters (missing)',
    });
    for (const input of [null, [heartRate], 'x', 5]) {
      expect(checkEntry(input, 'e', { now: NOW })).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/^e must be an object/),
      });
    }
  });

  it('previews a long wrong value in 40 characters', () => {
    expect(check({ unit: 'u'.repeat(38) })).toBe(
      `e.unit must be "bpm" for heart-rate (got "${'u'.repeat(38)}")`,
    );
    expect(check({ unit: 'u'.repeat(39) })).toBe(
      `e.unit must be "bpm" for heart-rate (got "${'u'.repeat(36)}...)`,
    );
  });

  it('accepts exactly the entry limit', () => {
    const five = (JSON.parse(VALID) as { entries: unknown[] }).entries.length;
    expect(parse(VALID, { maxEntries: five }).entries).toHaveLength(five);
  });

  it('names its error class', () => {
    expect(refusal('{').name).toBe('JournalImportError');
  });

  it('ends CSV with CRLF and writes an empty JSON list as []', () => {
    expect(toCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(toJson([], { now: NOW })).toBe(
      `{"format":"offgrid-journal","version":1,"exportedAt":"2025-01-04T10:00:00.000Z","entries":[]}\n`,
    );
  });

  it('counts a lone low surrogate after any character as three bytes', () => {
    const size = (text: string) => Number(/^file is (\d+) B;/.exec(reasonFor(text, { maxBytes: 0 }))?.[1]);
    expect(size('\u0800\udc00')).toBe(6);
    expect(size('\udc00\udc00')).toBe(6);
    expect(size('\ue000\udc00')).toBe(6);
    expect(size('é\udc00')).toBe(5);
  });
});
