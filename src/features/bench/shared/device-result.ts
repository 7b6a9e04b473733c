/**
 * What the Bench page keeps of a suite run on this device: rows of medians with their spread,
 * one per measured thing and backend, plus the ratios the suite compares. Every suite's own
 * result is turned into these rows, so one table, one chart and one history serve them all.
 */
import type { Summary } from './stats';

export type SuiteId = 'face' | 'translate' | 'quant' | 'health';

export interface ResultRow {
  /** What was measured, e.g. "BlazeFace, model only" or "Translation, first token". */
  metric: string;
  /** The backend it ran on (as the engine reported it). */
  backend: string;
  unit: 'ms' | 'tokens/s' | 'fps' | 'MB' | '%';
  /** True when a smaller number is better (times); false for rates. */
  lowerIsBetter: boolean;
  summary: Summary;
}

/** A row of times in milliseconds (smaller is better). */
export const msRow = (metric: string, backend: string, summary: ResultRow['summary']): ResultRow => ({
  metric,
  backend,
  unit: 'ms',
  lowerIsBetter: true,
  summary,
});

export interface DeviceResult {
  suite: SuiteId;
  /** ISO date of the run. */
  date: string;
  quick: boolean;
  rows: ResultRow[];
  /** Comparisons taken in the same run, e.g. "end to end / model only on wasm": 1.21. */
  ratios: { label: string; value: number }[];
  /** Why a backend or step was skipped or failed, in words. */
  notes: string[];
  /** The device, as the browser describes it. */
  device: { userAgent: string; cores: number; memoryGiB?: number };
}

/** The device as this browser describes it (no fingerprinting beyond what a result needs). */
export function describeDevice(): DeviceResult['device'] {
  const nav = navigator as Navigator & { deviceMemory?: number };
  return {
    userAgent: nav.userAgent,
    cores: nav.hardwareConcurrency || 1,
    ...(nav.deviceMemory ? { memoryGiB: nav.deviceMemory } : {}),
  };
}
