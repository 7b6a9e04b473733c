/**
 * What a health journal entry is: the record the database keeps and the export files carry.
 * Types only; the database (journal-db.ts) and the import and export checks (journal-io.ts) both
 * build on them.
 */

export type JournalKind = 'heart-rate' | 'breathing-rate' | 'reps-squat' | 'reps-jumping-jack';
export type JournalUnit = 'bpm' | 'breaths/min' | 'reps';
export type JournalSource = 'camera' | 'microphone' | 'import';

/** One measurement. `unit` is the one KIND_UNIT names for `kind`. */
export interface JournalEntry {
  /** crypto.randomUUID() when saved here; kept as-is through export and import. */
  id: string;
  kind: JournalKind;
  value: number;
  unit: JournalUnit;
  /** 0..1: how sure the measurement was. */
  quality: number;
  /** Epoch ms when the measurement began. */
  start: number;
  durationMs: number;
  /** How it was measured, e.g. 'rppg-pos', 'face-motion', 'microphone'. */
  method?: string;
  source: JournalSource;
  note?: string;
}

export type NewJournalEntry = Omit<JournalEntry, 'id'>;
