/**
 * What a health-journal entry may hold, and the journal's files: CSV to read in a spreadsheet,
 * JSON to move the journal to another device and back. Pure: no IndexedDB, no DOM, so the same
 * checks guard a measurement the app saves and a file a person picks.
 */
import { AppError } from '../shared/errors';
import { formatBytes } from '../shared/format';
import { describeJsonError } from './json-position';
import type { JournalEntry, JournalKind, JournalSource, JournalUnit } from './journal-schema';

export const JOURNAL_FORMAT = 'offgrid-journal';
export const JOURNAL_FORMAT_VERSION = 1;
export const DEFAULT_MAX_IMPORT_BYTES = 5_000_000;
export const DEFAULT_MAX_IMPORT_ENTRIES = 100_000;

/** The one unit each kind is measured in. */
export const KIND_UNIT = {
  'heart-rate': 'bpm',
  'breathing-rate': 'breaths/min',
  'reps-squat': 'reps',
  'reps-jumping-jack': 'reps',
} as const satisfies Record<JournalKind, JournalUnit>;

export const JOURNAL_KINDS = Object.keys(KIND_UNIT) as JournalKind[];

const SOURCE_SET: Record<JournalSource, true> = { camera: true, microphone: true, import: true };
export const JOURNAL_SOURCES = Object.keys(SOURCE_SET) as JournalSource[];

interface ValueRange {
  min: number;
  max: number;
  /** Counts are whole numbers. */
  integer: boolean;
}

/** Values a person can have: wider than the demos measure, narrower than a typo. */
export const VALUE_RANGE: Record<JournalKind, ValueRange> = {
  'heart-rate': { min: 30, max: 240, integer: false },
  'breathing-rate': { min: 3, max: 60, integer: false },
  'reps-squat': { min: 0, max: 10_000, integer: true },
  'reps-jumping-jack': { min: 0, max: 10_000, integer: true },
};

/** No entry predates the app by decades; a start after tomorrow is a wrong clock or a bad file. */
export const EARLIEST_START_MS = Date.UTC(2000, 0, 1);
export const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;
export const MAX_DURATION_MS = 24 * 60 * 60 * 1000;
export const MAX_ID_LENGTH = 128;
export const MAX_METHOD_LENGTH = 64;
export const MAX_NOTE_LENGTH = 2000;

const ENTRY_FIELDS = new Set<string>([
  'id',
  'kind',
  'value',
  'unit',
  'quality',
  'start',
  'durationMs',
  'method',
  'source',
  'note',
]);
const ENVELOPE_FIELDS = new Set<string>(['format', 'version', 'exportedAt', 'entries']);

/** Why a file is refused: the file as a whole (size, JSON, envelope), or one of its entries. */
export type JournalImportCode = 'journal/invalid-import' | 'journal/invalid-entry';

/** A file that cannot be imported; `reason` names the problem and where it is. */
export class JournalImportError extends AppError {
  constructor(
    readonly reason: string,
    code: JournalImportCode = 'journal/invalid-import',
  ) {
    super(code, `This file cannot be imported: ${reason}.`, { reason });
    this.name = 'JournalImportError';
  }
}

export interface CheckEntryOptions {
  /** Epoch ms that "now" is, for the latest plausible start. */
  now?: number;
  /** Source given to an entry that has none (imports use 'import'). */
  defaultSource?: JournalSource;
}

export type EntryCheck = { ok: true; entry: JournalEntry } | { ok: false; problem: string };

/** Checks one entry field by field; on success returns a fresh copy holding only known fields. */
export function checkEntry(input: unknown, where = 'entry', options: CheckEntryOptions = {}): EntryCheck {
  const { now = Date.now(), defaultSource } = options;
  const fail = (problem: string): EntryCheck => ({ ok: false, problem });
  if (!isRecord(input)) return fail(`${where} must be an object${got(input)}`);
  const unknown = Object.keys(input).find((key) => !ENTRY_FIELDS.has(key));
  if (unknown !== undefined) return fail(`${where} has an unknown field ${JSON.stringify(unknown)}`);

  const { id, kind, value, unit, quality, start, durationMs, method, note } = input;
  const source = input.source ?? defaultSource;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    return fail(`${where}.id must be a text of 1 to ${MAX_ID_LENGTH} characters${got(id)}`);
  }
  if (!isKind(kind)) return fail(`${where}.kind must be one of ${JOURNAL_KINDS.join(', ')}${got(kind)}`);
  if (unit !== KIND_UNIT[kind]) {
    return fail(`${where}.unit must be "${KIND_UNIT[kind]}" for ${kind}${got(unit)}`);
  }
  if (!isFiniteNumber(value)) return fail(`${where}.value must be a finite number${got(value)}`);
  const range = VALUE_RANGE[kind];
  if (value < range.min || value > range.max) {
    return fail(
      `${where}.value must be from ${range.min} to ${range.max} ${unit} for ${kind} (got ${value})`,
    );
  }
  if (range.integer && !Number.isInteger(value)) {
    return fail(`${where}.value must be a whole number of ${unit} (got ${value})`);
  }
  if (!isFiniteNumber(quality) || quality < 0 || quality > 1) {
    return fail(`${where}.quality must be a number from 0 to 1${got(quality)}`);
  }
  if (!isFiniteNumber(start) || start < EARLIEST_START_MS || start > now + MAX_CLOCK_SKEW_MS) {
    return fail(`${where}.start must be a time from 2000-01-01 to now, in epoch milliseconds${got(start)}`);
  }
  if (!isFiniteNumber(durationMs) || durationMs < 0 || durationMs > MAX_DURATION_MS) {
    return fail(`${where}.durationMs must be from 0 to ${MAX_DURATION_MS} (one day)${got(durationMs)}`);
  }
  if (method !== undefined && !isShortText(method, MAX_METHOD_LENGTH)) {
    return fail(`${where}.method must be a text of at most ${MAX_METHOD_LENGTH} characters${got(method)}`);
  }
  if (!isSource(source)) {
    return fail(`${where}.source must be one of ${JOURNAL_SOURCES.join(', ')}${got(source)}`);
  }
  if (note !== undefined && !isShortText(note, MAX_NOTE_LENGTH)) {
    return fail(`${where}.note must be a text of at most ${MAX_NOTE_LENGTH} characters`);
  }
  // Checked above: both are absent or short texts.
  const entry: JournalEntry = { id, kind, value, unit: KIND_UNIT[kind], quality, start, durationMs, source };
  return { ok: true, entry: canonicalEntry({ ...entry, method: method as string, note: note as string }) };
}

export type EntriesCheck = { ok: true; entries: JournalEntry[] } | { ok: false; problem: string };

/** Checks a list of entries (named `entries[i]` in problems) and that no id appears twice. */
export function checkEntries(list: readonly unknown[], options: CheckEntryOptions = {}): EntriesCheck {
  const entries: JournalEntry[] = [];
  const firstIndex = new Map<string, number>();
  for (const [index, input] of list.entries()) {
    const checked = checkEntry(input, `entries[${index}]`, options);
    if (!checked.ok) return checked;
    const { id } = checked.entry;
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) {
      return {
        ok: false,
        problem: `entries[${index}].id ${JSON.stringify(id)} repeats entries[${earlier}].id`,
      };
    }
    firstIndex.set(id, index);
    entries.push(checked.entry);
  }
  return { ok: true, entries };
}

/**
 * The journal's CSV columns in order, each with how an entry's cell is written: `start` is an
 * ISO 8601 UTC time, `start_ms` the same instant in epoch ms; free text is defused (see text).
 */
const CSV_CELLS = {
  id: (entry) => text(entry.id),
  kind: (entry) => entry.kind,
  value: (entry) => String(entry.value),
  unit: (entry) => entry.unit,
  quality: (entry) => String(entry.quality),
  start: (entry) => new Date(entry.start).toISOString(),
  start_ms: (entry) => String(entry.start),
  duration_ms: (entry) => String(entry.durationMs),
  method: (entry) => text(entry.method ?? ''),
  source: (entry) => entry.source,
  note: (entry) => text(entry.note ?? ''),
} satisfies Record<string, (entry: JournalEntry) => string>;

export const CSV_COLUMNS = Object.keys(CSV_CELLS) as readonly (keyof typeof CSV_CELLS)[];

/**
 * The journal as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or
 * line break), one row an entry in CSV_CELLS' columns.
 */
export function toCsv(entries: readonly JournalEntry[]): string {
  const cells = Object.values(CSV_CELLS);
  const rows = [CSV_COLUMNS.join(',')];
  for (const entry of entries) rows.push(cells.map((cell) => csvField(cell(entry))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

export interface ToJsonOptions {
  /** Epoch ms written as `exportedAt`. */
  now?: number;
}

/**
 * The journal as a versioned JSON file that `parseJournalJson` reads back exactly. One entry per
 * line keeps it compact (about 200 bytes an entry) and still readable in a text editor.
 */
export function toJson(entries: readonly JournalEntry[], options: ToJsonOptions = {}): string {
  const { now = Date.now() } = options;
  const head = [
    `"format":${JSON.stringify(JOURNAL_FORMAT)}`,
    `"version":${JOURNAL_FORMAT_VERSION}`,
    `"exportedAt":${JSON.stringify(new Date(now).toISOString())}`,
  ].join(',');
  const lines = entries.map((entry) => JSON.stringify(canonicalEntry(entry)));
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n]`;
  return `{${head},"entries":${list}}\n`;
}

export interface ParseJournalOptions {
  maxBytes?: number;
  maxEntries?: number;
  /** Epoch ms that "now" is, for the latest plausible start. */
  now?: number;
}

export interface ParsedJournal {
  entries: JournalEntry[];
  exportedAt: string;
}

/** Throws a JournalImportError when a file of `bytes` is over the limit; call it with File.size before reading. */
export function checkImportSize(bytes: number, maxBytes = DEFAULT_MAX_IMPORT_BYTES): void {
  if (bytes > maxBytes) {
    throw new JournalImportError(`file is ${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)}`);
  }
}

/** Reads an exported journal; throws a JournalImportError that says what is wrong and where. */
export function parseJournalJson(text: string, options: ParseJournalOptions = {}): ParsedJournal {
  const {
    maxBytes = DEFAULT_MAX_IMPORT_BYTES,
    maxEntries = DEFAULT_MAX_IMPORT_ENTRIES,
    now = Date.now(),
  } = options;
  checkImportSize(utf8Length(text), maxBytes);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new JournalImportError(describeJsonError(body, error));
  }

  if (!isRecord(data)) throw new JournalImportError('not an Offgrid journal file (it is not a JSON object)');
  if (!('format' in data)) throw new JournalImportError('not an Offgrid journal file (missing format field)');
  if (data.format !== JOURNAL_FORMAT) {
    throw new JournalImportError(`not an Offgrid journal file (format is ${JSON.stringify(data.format)})`);
  }
  const { version } = data;
  if (version === undefined) throw new JournalImportError('missing version field');
  if (typeof version === 'number' && Number.isInteger(version) && version > JOURNAL_FORMAT_VERSION) {
    throw new JournalImportError(
      `the file is journal version ${version}, and this app reads version ${JOURNAL_FORMAT_VERSION}; update Offgrid and try again`,
    );
  }
  if (version !== JOURNAL_FORMAT_VERSION) {
    throw new JournalImportError(`unsupported journal version ${JSON.stringify(version)}`);
  }
  const unknown = Object.keys(data).find((key) => !ENVELOPE_FIELDS.has(key));
  if (unknown !== undefined) {
    throw new JournalImportError(`unknown field ${JSON.stringify(unknown)} at the top level`);
  }
  const { exportedAt, entries } = data;
  if (typeof exportedAt !== 'string' || Number.isNaN(Date.parse(exportedAt))) {
    throw new JournalImportError(`exportedAt must be an ISO date${got(exportedAt)}`);
  }
  if (!Array.isArray(entries)) throw new JournalImportError(`entries must be a list${got(entries)}`);
  if (entries.length > maxEntries) {
    throw new JournalImportError(`file has ${entries.length} entries; the limit is ${maxEntries}`);
  }
  const checked = checkEntries(entries, { now, defaultSource: 'import' });
  if (!checked.ok) throw new JournalImportError(checked.problem, 'journal/invalid-entry');
  return { entries: checked.entries, exportedAt };
}

/** Fields in one fixed order, so an export is the same text every time. */
function canonicalEntry(entry: JournalEntry): JournalEntry {
  const { id, kind, value, unit, quality, start, durationMs, method, source, note } = entry;
  return {
    id,
    kind,
    value,
    unit,
    quality,
    start,
    durationMs,
    ...(method !== undefined && { method }),
    source,
    ...(note !== undefined && { note }),
  };
}

/** Spreadsheets run a cell that starts with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A free-text field, defused so a spreadsheet shows it rather than evaluating it. */
function text(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** UTF-8 size of a string without encoding it (a 5 MB limit should not cost a 5 MB copy). */
function utf8Length(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isShortText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

function isKind(value: unknown): value is JournalKind {
  return typeof value === 'string' && Object.hasOwn(KIND_UNIT, value);
}

function isSource(value: unknown): value is JournalSource {
  return typeof value === 'string' && Object.hasOwn(SOURCE_SET, value);
}

/** " (got …)" with a short preview of a wrong value, or " (missing)". */
function got(value: unknown): string {
  if (value === undefined) return ' (missing)';
  const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return ` (got ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
}
