/**
 * The trend charts' data: one series per kind of measurement, oldest first, in the form uPlot
 * takes (x in epoch seconds, y in the kind's unit). Pure: no DOM, no uPlot.
 */
import type { JournalEntry, JournalKind } from '../../../../storage/journal-schema';
import { JOURNAL_KINDS, KIND_UNIT } from '../../../../storage/journal-io';

/** Room beside the first and last points, as a share of the time span. */
const TIME_ROOM = 0.04;
/** Room above and below the values, as a share of their span. */
const VALUE_ROOM = 0.15;
/** A single measurement sits in the middle of a day. */
const HALF_DAY_S = 43_200;
/** Points a chart draws at most: about two per pixel column of a wide chart. More show nothing new and cost the page a long frame. */
export const MAX_DRAWN_POINTS = 2000;
/** Each point gets a marker only up to this many; past that they merge into the line. */
export const MAX_MARKED_POINTS = 400;

export interface TrendSeries {
  kind: JournalKind;
  unit: string;
  /** Start times, epoch seconds, ascending. */
  x: number[];
  values: number[];
  min: number;
  max: number;
}

/** A series for each kind that has entries, in the journal's fixed kind order. */
export function trendSeries(entries: readonly JournalEntry[]): TrendSeries[] {
  const byKind = new Map<JournalKind, JournalEntry[]>();
  for (const entry of entries) {
    const list = byKind.get(entry.kind);
    if (list) list.push(entry);
    else byKind.set(entry.kind, [entry]);
  }
  return JOURNAL_KINDS.flatMap((kind) => {
    const list = byKind.get(kind);
    if (!list) return [];
    const sorted = [...list].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
    const values = sorted.map((entry) => entry.value);
    return [
      {
        kind,
        unit: KIND_UNIT[kind],
        x: sorted.map((entry) => entry.start / 1000),
        values,
        // Not Math.min(...values): a long journal would overflow the argument list.
        min: values.reduce((a, b) => Math.min(a, b)),
        max: values.reduce((a, b) => Math.max(a, b)),
      },
    ];
  });
}

/** The time axis, epoch seconds: the span of the data plus room, so points at the ends show whole. */
export function timeRange(min: number, max: number): [number, number] {
  const room = max > min ? (max - min) * TIME_ROOM : HALF_DAY_S;
  return [min - room, max + room];
}

/** The value axis: the values plus room above and below, never below 0 (no measurement is negative). */
export function valueRange(min: number, max: number): [number, number] {
  const room = max > min ? (max - min) * VALUE_ROOM : Math.max(1, Math.abs(max) * 0.1);
  return [Math.max(0, min - room), max + room];
}

/** What a chart draws: start times (epoch seconds) and values, oldest first. */
export interface DrawnPoints {
  x: number[];
  values: number[];
}

/**
 * The points a chart draws: all of them up to `max`; past that, the first and the last point and,
 * in each of (max - 2) / 2 equal slices of time, the lowest and the highest, in time order. So a
 * journal of 30,000 entries draws quickly and its extremes still show.
 */
export function drawnPoints({ x, values }: DrawnPoints, max = MAX_DRAWN_POINTS): DrawnPoints {
  const n = x.length;
  if (n <= max) return { x, values };
  const slices = Math.max(1, Math.floor((max - 2) / 2));
  const first = x[0]!;
  const span = x[n - 1]! - first || 1;
  const keep: number[] = [0];
  let slice = -1;
  let low = -1;
  let high = -1;
  const flush = () => {
    if (low < 0) return;
    for (const index of low < high ? [low, high] : [high, low]) if (index > keep.at(-1)!) keep.push(index);
  };
  for (let i = 1; i < n - 1; i++) {
    const at = Math.min(slices - 1, Math.floor(((x[i]! - first) / span) * slices));
    if (at !== slice) {
      flush();
      slice = at;
      low = high = i;
    } else {
      if (values[i]! < values[low]!) low = i;
      if (values[i]! > values[high]!) high = i;
    }
  }
  flush();
  keep.push(n - 1);
  return { x: keep.map((i) => x[i]!), values: keep.map((i) => values[i]!) };
}
