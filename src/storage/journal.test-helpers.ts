/**
 * Journal entries for the journal's tests (the database's and the page state's): what a camera
 * measurement of each kind saves, so every test builds its entries the same way. Test-only.
 */
import type { JournalKind, NewJournalEntry } from './journal-schema';

type CameraKind = Extract<JournalKind, 'heart-rate' | 'reps-squat'>;

/** Per kind: the unit, quality, length and method a camera measurement records. */
const CAMERA: Record<CameraKind, Pick<NewJournalEntry, 'unit' | 'quality' | 'durationMs' | 'method'>> = {
  'heart-rate': { unit: 'bpm', quality: 0.8, durationMs: 30_000, method: 'rppg-pos' },
  'reps-squat': { unit: 'reps', quality: 0.9, durationMs: 40_000 },
};

function cameraEntry(kind: CameraKind, start: number, value: number): NewJournalEntry {
  return { kind, value, start, source: 'camera', ...CAMERA[kind] };
}

/** A camera heart-rate measurement of `value` bpm beginning at `start`. */
export const heart = (start: number, value = 70): NewJournalEntry => cameraEntry('heart-rate', start, value);

/** A camera squat count of `value` reps beginning at `start`. */
export const squats = (start: number, value = 12): NewJournalEntry => cameraEntry('reps-squat', start, value);
