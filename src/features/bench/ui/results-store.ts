/**
 * Past Bench page results, kept only in this browser (localStorage): the newest first, at most
 * RESULTS_LIMIT. A full or unavailable storage keeps the old list and says so.
 */
import type { DeviceResult } from '../shared/device-result';

export const RESULTS_KEY = 'offgrid-bench-results';
export const RESULTS_LIMIT = 30;

function isResult(value: unknown): value is DeviceResult {
  const r = value as DeviceResult;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.suite === 'string' &&
    typeof r.date === 'string' &&
    Array.isArray(r.rows) &&
    Array.isArray(r.ratios)
  );
}

export function readResults(storage: Storage = localStorage): DeviceResult[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(RESULTS_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter(isResult).slice(0, RESULTS_LIMIT) : [];
  } catch {
    return [];
  }
}

/** Adds a result at the top; returns the new list, or throws when the storage refuses it. */
export function saveResult(result: DeviceResult, storage: Storage = localStorage): DeviceResult[] {
  const list = [result, ...readResults(storage)].slice(0, RESULTS_LIMIT);
  storage.setItem(RESULTS_KEY, JSON.stringify(list));
  return list;
}

export function clearResults(storage: Storage = localStorage): void {
  storage.removeItem(RESULTS_KEY);
}
