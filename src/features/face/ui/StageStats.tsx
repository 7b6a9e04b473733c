import type { FramePath } from '../../../shared/frame-feed';
import { STAGES, type Stage, type StatsSnapshot } from './live-stats';

const STAGE_LABELS: Record<Stage, string> = {
  capture: 'Capture',
  pre: 'Pre-process',
  model: 'Model',
  post: 'Decode + NMS',
  mesh: 'Face mesh',
  draw: 'Draw',
};

const ms = (value: number) => (value < 10 ? value.toFixed(1) : Math.round(value).toString());

/** Live frame rate and where each frame's time goes, as a stacked bar and a table. */
export function StageStats({
  stats,
  tensors,
  path,
}: {
  stats: StatsSnapshot;
  tensors: number | null;
  path: FramePath | null;
}) {
  const shown = STAGES.filter(
    (stage) => (stage !== 'mesh' || stats.stages.mesh > 0) && (stage !== 'capture' || path === 'pump'),
  );
  const total = Math.max(stats.endToEnd, 0.001);
  const other = Math.max(0, stats.endToEnd - shown.reduce((sum, s) => sum + stats.stages[s], 0));
  return (
    <section
      class="card"
      aria-labelledby="face-stats"
      data-testid="stage-stats"
      data-fps={stats.fps.toFixed(2)}
      data-model-ms={stats.stages.model.toFixed(3)}
      data-draw-ms={stats.stages.draw.toFixed(3)}
      data-end-to-end-ms={stats.endToEnd.toFixed(3)}
      data-frames={stats.frames}
      data-dropped={stats.dropped}
      data-tensors={tensors ?? ''}
      data-path={path ?? ''}
    >
      <h2 id="face-stats">
        {stats.fps.toFixed(1)} frames per second · {ms(stats.endToEnd)} ms per frame
      </h2>
      <div class="stage-bar" aria-hidden="true">
        {shown.map((stage) => (
          <span
            key={stage}
            class={`stage-${stage}`}
            style={{ width: `${(100 * stats.stages[stage]) / total}%` }}
          />
        ))}
        <span class="stage-other" style={{ width: `${(100 * other) / total}%` }} />
      </div>
      <table class="stage-table">
        <caption class="visually-hidden">Median time per stage over the last frames</caption>
        <tbody>
          {shown.map((stage) => (
            <tr key={stage}>
              <th scope="row">
                <i class={`dot stage-${stage}`} /> {STAGE_LABELS[stage]}
              </th>
              <td>{ms(stats.stages[stage])} ms</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <i class="dot stage-other" /> Worker hand-off and waiting
            </th>
            <td>{ms(other)} ms</td>
          </tr>
        </tbody>
      </table>
      <p class="muted small">
        Medians over the last {Math.min(stats.frames, 60)} frames. {stats.dropped} stale frames were skipped
        so the picture never lags behind.
      </p>
    </section>
  );
}
