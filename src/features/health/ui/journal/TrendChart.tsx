import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type uPlot from '../../../../app/components/uplot';
import { mountPlot } from '../../../../app/components/uplot';
import {
  MAX_MARKED_POINTS,
  drawnPoints,
  timeRange,
  valueRange,
  type DrawnPoints,
  type TrendSeries,
} from './chart-data';
import { readChartTheme, useDarkMode, type ChartTheme } from '../../../../app/components/chart-theme';
import { KIND_LABEL, formatNumber, formatValue, formatWhen } from './format';

/** Plot height in CSS pixels: readable on a phone, short enough that several fit a screen. */
const CHART_HEIGHT = 180;
/** Pixels between axis labels: fewer, wider-spaced dates on a narrow phone. */
const X_LABEL_SPACE = 70;
const Y_LABEL_SPACE = 32;
const POINT_SIZE = 7;

function chartOptions(
  series: TrendSeries,
  drawn: DrawnPoints,
  theme: ChartTheme,
  width: number,
  onHover: (index: number | null) => void,
): uPlot.Options {
  const axis = {
    stroke: theme.axis,
    font: theme.font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
  };
  return {
    width,
    height: CHART_HEIGHT,
    legend: { show: false },
    // A tap or a drag shows the nearest point; zooming by drag would fight scrolling on a phone.
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: POINT_SIZE + 4 } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    // From the data, not uPlot's guess: it spans a single point over 1000 days (86400 / ms).
    scales: {
      x: { time: true, range: () => timeRange(series.x[0]!, series.x.at(-1)!) },
      y: { range: () => valueRange(series.min, series.max) },
    },
    axes: [
      { ...axis, space: X_LABEL_SPACE },
      { ...axis, space: Y_LABEL_SPACE, size: 44 },
    ],
    series: [
      {},
      {
        label: KIND_LABEL[series.kind],
        stroke: theme.line,
        width: 2,
        fill: theme.area,
        points: {
          show: drawn.x.length <= MAX_MARKED_POINTS,
          size: POINT_SIZE,
          fill: theme.line,
          stroke: theme.line,
        },
      },
    ],
    hooks: { setCursor: [(plot) => onHover(plot.cursor.idx ?? null)] },
  };
}

/** One metric's trend over time (uPlot on a canvas), with a text readout of the point in focus. */
export function TrendChart({ series }: { series: TrendSeries }) {
  const plotRef = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const dark = useDarkMode();
  const drawn = useMemo(() => drawnPoints(series), [series]);

  useEffect(() => {
    const target = plotRef.current!;
    const theme = readChartTheme(target);
    return mountPlot(target, (width) => chartOptions(series, drawn, theme, width, setHovered), [
      drawn.x,
      drawn.values,
    ]);
  }, [series, drawn, dark]);

  const last = series.x.length - 1;
  // The cursor picks among the drawn points; otherwise the latest entry is shown.
  const focus: DrawnPoints = hovered !== null && hovered < drawn.x.length ? drawn : series;
  const index = focus === drawn ? hovered! : last;
  const label = KIND_LABEL[series.kind];
  const range =
    series.min === series.max
      ? formatValue(series.min, series.unit)
      : `${formatNumber(series.min)}–${formatValue(series.max, series.unit)}`;
  const count = `${series.x.length} ${series.x.length === 1 ? 'entry' : 'entries'}`;
  const point = `${formatValue(focus.values[index]!, series.unit)} on ${formatWhen(focus.x[index]! * 1000)}`;

  return (
    <figure class="journal-chart" data-testid="journal-chart" data-kind={series.kind}>
      <figcaption>
        <span class="journal-chart-title">{label}</span>
        <span class="journal-chart-range">
          {range} · {count}
        </span>
      </figcaption>
      <div
        ref={plotRef}
        class="journal-plot"
        role="img"
        aria-label={`${label} over time: ${count}, ${range}; latest ${formatValue(series.values[last]!, series.unit)}.`}
      />
      <p class="journal-chart-point" aria-hidden="true">
        {hovered !== null ? point : `Latest: ${point}`}
      </p>
    </figure>
  );
}
