/** Summaries of repeated measurements: the median and the spread, never a single run. */

export interface Summary {
  median: number;
  /** 10th and 90th percentiles (linear interpolation); with few runs, close to min and max. */
  p10: number;
  p90: number;
  min: number;
  max: number;
  runs: number;
}

/** The q-quantile (0–1) of sorted values, interpolating between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Median, p10–p90 and min–max of a list of measurements. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    runs: sorted.length,
  };
}
