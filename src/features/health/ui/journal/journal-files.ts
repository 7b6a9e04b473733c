/**
 * Importing and exporting the journal's files: read, check, store (import), or read and write
 * out (export). It runs in the journal worker (journal.worker.ts), so parsing a 5 MB file and
 * storing its entries never holds up the page; the unit tests call it directly. It opens its own
 * connection for each call and closes it after, so it never blocks another tab's upgrade.
 */
import {
  importEntries,
  listEntries,
  openJournal,
  type ImportMode,
  type ImportResult,
} from '../../../../storage/journal-db';
import {
  CSV_COLUMNS,
  JournalImportError,
  checkImportSize,
  parseJournalJson,
  toCsv,
  toJson,
} from '../../../../storage/journal-io';
import type { ExportFormat } from './format';

const FILE_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json',
};

/** An exported journal: the file's bytes and how many entries it holds. */
export interface JournalExport {
  blob: Blob;
  count: number;
}

/** The file work of the journal, wherever it runs. */
export interface JournalFiles {
  /** Checks and stores the file in one transaction; throws an AppError that says what is wrong. */
  importFile(file: File, mode: ImportMode, now: number): Promise<ImportResult>;
  /** The whole journal as a CSV or JSON file dated `now`. */
  exportFile(format: ExportFormat, now: number): Promise<JournalExport>;
}

/** A CSV export is not something to import: say so instead of "invalid JSON at position 0". */
function refuseCsv(file: File, text: string): void {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (/\.csv$/i.test(file.name) || body.startsWith(CSV_COLUMNS.join(','))) {
    throw new JournalImportError(
      'it is a CSV file, and only the file that "Export JSON" makes can be imported',
    );
  }
}

/** Runs `work` on a connection of its own, closed afterwards. */
async function withJournal<T>(
  dbName: string | undefined,
  work: (db: Awaited<ReturnType<typeof openJournal>>) => Promise<T>,
): Promise<T> {
  const db = await openJournal({ name: dbName });
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** Imports a file made by "Export JSON" into the journal named `dbName`. */
export async function importJournalFile(
  file: File,
  mode: ImportMode,
  now: number,
  dbName?: string,
): Promise<ImportResult> {
  checkImportSize(file.size);
  const text = await file.text();
  refuseCsv(file, text);
  const { entries } = parseJournalJson(text, { now });
  return withJournal(dbName, (db) => importEntries(db, entries, mode));
}

/** The journal named `dbName` as a file. */
export async function exportJournalFile(
  format: ExportFormat,
  now: number,
  dbName?: string,
): Promise<JournalExport> {
  const entries = await withJournal(dbName, (db) => listEntries(db));
  const text = format === 'csv' ? toCsv(entries) : toJson(entries, { now });
  return { blob: new Blob([text], { type: FILE_TYPES[format] }), count: entries.length };
}

/** The file work run right here (inside the worker, and in unit tests). */
export function localJournalFiles(dbName?: string): JournalFiles {
  return {
    importFile: (file, mode, now) => importJournalFile(file, mode, now, dbName),
    exportFile: (format, now) => exportJournalFile(format, now, dbName),
  };
}
