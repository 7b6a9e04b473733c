import { DataTable } from '../../../app/components/DataTable';
import type { DeviceResult, ResultRow } from '../shared/device-result';

const SUITE_TITLE: Record<DeviceResult['suite'], string> = {
  face: 'Face detection',
  translate: 'Translation',
  quant: 'Quantization',
  health: 'Heart rate',
};

/** Numbers as a person reads them: whole above 100, one decimal below. */
export function formatMeasure(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** Each row's bar: its median against the largest median of the same metric. */
function barWidths(rows: ResultRow[]): number[] {
  const largest = new Map<string, number>();
  for (const row of rows)
    largest.set(row.metric, Math.max(largest.get(row.metric) ?? 0, row.summary.median || 0));
  return rows.map((row) => {
    const max = largest.get(row.metric) ?? 0;
    return max > 0 && Number.isFinite(row.summary.median) ? row.summary.median / max : 0;
  });
}

/** One suite run: medians with their spread, a bar per row to compare backends, and the ratios. */
export function ResultTable({ result }: { result: DeviceResult }) {
  const widths = barWidths(result.rows);
  const when = new Date(result.date).toLocaleString();
  return (
    <figure class="bench-result" data-testid="bench-result" data-suite={result.suite}>
      <figcaption>
        <strong>{SUITE_TITLE[result.suite]}</strong>{' '}
        <span class="muted">
          · {when}
          {result.quick ? ' · quick' : ''}
        </span>
      </figcaption>
      <DataTable columns={['Measured', 'Backend', 'Median', 'p10–p90', 'Runs']}>
        {result.rows.map((row, i) => (
          <tr key={`${row.metric}-${row.backend}`} data-metric={row.metric} data-backend={row.backend}>
            <th scope="row">{row.metric}</th>
            <td>{row.backend}</td>
            <td class="bench-median">
              <span
                class="bench-bar"
                style={{ width: `${Math.round(widths[i]! * 100)}%` }}
                aria-hidden="true"
              />
              <span>
                {formatMeasure(row.summary.median)} {row.unit}
              </span>
            </td>
            <td>
              {row.summary.runs > 1
                ? `${formatMeasure(row.summary.p10)}–${formatMeasure(row.summary.p90)}`
                : '–'}
            </td>
            <td>{row.summary.runs}</td>
          </tr>
        ))}
      </DataTable>
      {result.ratios.length > 0 && (
        <ul class="bench-ratios">
          {result.ratios.map((ratio) => (
            <li key={ratio.label}>
              {ratio.label}: <strong>{ratio.value.toFixed(2)}×</strong>
            </li>
          ))}
        </ul>
      )}
      {result.notes.map((note) => (
        <p key={note} class="fine">
          {note}
        </p>
      ))}
    </figure>
  );
}
