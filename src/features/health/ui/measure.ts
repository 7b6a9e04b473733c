/**
 * Pure helpers for a finished measurement: the readings taken while it ran are reduced to one
 * value (their median, so a stray reading cannot move it) and a quality (their mean).
 */

/** One reading a measurement took while its quality passed the gate. */
export interface Reading {
  t: number;
  value: number;
  quality: number;
}

export interface Summary {
  value: number;
  quality: number;
  readings: number;
}

/** At least this many good readings make a result; fewer is a failed measurement. */
export const MIN_READINGS = 5;

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median value and mean quality of the readings, or null when there are too few. */
export function summarise(readings: readonly Reading[], minReadings = MIN_READINGS): Summary | null {
  if (readings.length < minReadings) return null;
  return {
    value: median(readings.map((r) => r.value)),
    quality: readings.reduce((sum, r) => sum + r.quality, 0) / readings.length,
    readings: readings.length,
  };
}

/** The most frequent of the reasons seen (for advice after a failed measurement). */
export function mostFrequent<T extends string>(reasons: readonly T[]): T | null {
  const counts = new Map<T, number>();
  let best: T | null = null;
  for (const reason of reasons) {
    const count = (counts.get(reason) ?? 0) + 1;
    counts.set(reason, count);
    if (best === null || count > counts.get(best)!) best = reason;
  }
  return best;
}
