/**
 * How the journal shows an entry to a person: labels, numbers, dates, durations, and the name
 * of an exported file. Pure, so it is the same in the list, the charts and the tests.
 */
import type { JournalEntry, JournalKind } from '../../../../storage/journal-schema';

export type ExportFormat = 'csv' | 'json';

export const KIND_LABEL: Record<JournalKind, string> = {
  'heart-rate': 'Heart rate',
  'breathing-rate': 'Breathing rate',
  'reps-squat': 'Squats',
  'reps-jumping-jack': 'Jumping jacks',
};

/** Method ids the measurements write, in words; an unknown id is shown as it is. */
const METHOD_LABEL: Record<string, string> = {
  'rppg-pos': 'skin colour (rPPG)',
  'face-motion': 'head motion',
  microphone: 'breath sounds',
  movenet: 'pose (MoveNet)',
};

const NUMBER = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** At most one decimal, which is all a measurement here can tell. */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/** "72.4 bpm", "20 reps". */
export function formatValue(value: number, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
}

/** Quality 0..1 as a percentage: "83%". */
export function formatQuality(quality: number): string {
  return `${Math.round(quality * 100)}%`;
}

/** "45 s", "1 min 5 s", "2 h 3 min": whole seconds, the two largest units. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** The start time in the person's own locale and time zone. */
export function formatWhen(start: number): string {
  return WHEN.format(start);
}

export function formatMethod(method: string): string {
  return METHOD_LABEL[method] ?? method;
}

/** What a screen reader says for an entry's delete button. */
export function describeEntry(entry: JournalEntry): string {
  return `${KIND_LABEL[entry.kind]} ${formatValue(entry.value, entry.unit)}, ${formatWhen(entry.start)}`;
}

/** `offgrid-journal-2025-01-04.csv`, dated by the local calendar day of `now`. */
export function exportFileName(format: ExportFormat, now: number): string {
  const date = new Date(now);
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()]
    .map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');
  return `offgrid-journal-${day}.${format}`;
}
