import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type uPlot from '../../../app/components/uplot';
import { mountPlot } from '../../../app/components/uplot';
import { readChartTheme, useDarkMode } from '../../../app/components/chart-theme';
import type { DeviceResult } from '../shared/device-result';
import { formatMeasure } from './ResultTable';

const CHART_HEIGHT = 200;
/** One colour per backend, the same in every chart (light and dark both read them). */
const BACKEND_COLOUR: Record<string, string> = { wasm: '#0b7553', webgl: '#b35c00', webgpu: '#3b5bdb' };

export interface MetricHistory {
  metric: string;
  unit: string;
  /** Run times in seconds, oldest first. */
  x: number[];
  /** Per backend: the median of each run, or null where that run did not measure it. */
  series: { backend: string; values: (number | null)[] }[];
}

/** Every metric in the results, each as a time series of medians per backend. Pure. */
export function metricHistories(results: readonly DeviceResult[]): MetricHistory[] {
  const oldestFirst = [...results].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const metrics = new Map<string, string>();
  for (const r of oldestFirst) for (const row of r.rows) metrics.set(row.metric, row.unit);
  return [...metrics].map(([metric, unit]) => {
    const runs = oldestFirst.filter((r) => r.rows.some((row) => row.metric === metric));
    const backends = [
      ...new Set(
        runs.flatMap((r) => r.rows.filter((row) => row.metric === metric).map((row) => row.backend)),
      ),
    ];
    return {
      metric,
      unit,
      x: runs.map((r) => Date.parse(r.date) / 1000),
      series: backends.map((backend) => ({
        backend,
        values: runs.map(
          (r) =>
            r.rows.find((row) => row.metric === metric && row.backend === backend)?.summary.median ?? null,
        ),
      })),
    };
  });
}

/**
 * The time axis: the runs' span with a little room; a single run (or runs minutes apart) gets an
 * hour either side, rather than uPlot's guess, which spans years.
 */
export function timeRange(x: readonly number[]): [number, number] {
  const first = x[0] ?? 0;
  const last = x.at(-1) ?? first;
  const pad = Math.max((last - first) * 0.05, 3600);
  return [first - pad, last + pad];
}

/** How one measurement changed over the runs on this device, per backend (uPlot). */
export function HistoryChart({ results }: { results: readonly DeviceResult[] }) {
  const histories = useMemo(() => metricHistories(results), [results]);
  const chosen = useSignal(0);
  const history = histories[Math.min(chosen.value, histories.length - 1)];
  const plotRef = useRef<HTMLDivElement>(null);
  const dark = useDarkMode();

  useEffect(() => {
    const target = plotRef.current;
    if (!target || !history) return;
    const theme = readChartTheme(target);
    const axis = {
      stroke: theme.axis,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
    };
    return mountPlot(
      target,
      (width) => ({
        width,
        height: CHART_HEIGHT,
        cursor: { drag: { x: false, y: false, setScale: false } },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: {
          x: { time: true, range: () => timeRange(history.x) },
          y: { range: (_, min, max) => [0, Math.max(max * 1.1, min + 1)] },
        },
        axes: [
          { ...axis, space: 70 },
          { ...axis, space: 32, size: 50, label: history.unit, labelFont: theme.font },
        ],
        series: [
          {},
          ...history.series.map((s) => ({
            label: s.backend,
            stroke: BACKEND_COLOUR[s.backend] ?? theme.line,
            width: 2,
            spanGaps: true,
            points: { show: true, size: 7 },
            value: (_: uPlot, v: number | null) => (v === null ? '–' : `${formatMeasure(v)} ${history.unit}`),
          })),
        ],
      }),
      [history.x, ...history.series.map((s) => s.values)],
    );
  }, [history, dark]);

  if (!history) return null;
  const latest = history.series
    .map((s) => `${s.backend} ${formatMeasure(s.values.at(-1) ?? Number.NaN)} ${history.unit}`)
    .join(', ');
  return (
    <figure class="bench-history" data-testid="bench-history">
      <label class="inline-field">
        <span>Measurement</span>
        <select value={String(chosen.value)} onChange={(e) => (chosen.value = Number(e.currentTarget.value))}>
          {histories.map((h, i) => (
            <option key={h.metric} value={i}>
              {h.metric} ({h.unit})
            </option>
          ))}
        </select>
      </label>
      <div
        ref={plotRef}
        class="bench-plot"
        role="img"
        aria-label={`${history.metric} over ${history.x.length} runs on this device; latest: ${latest}.`}
      />
    </figure>
  );
}
