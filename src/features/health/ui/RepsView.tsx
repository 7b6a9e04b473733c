import { CameraStage, StageActions, TaskErrors } from './CameraStage';
import type { Exercise } from '../shared/types';
import type { RepFeedback } from './rep-feedback';
import { RepsSession } from './reps-session';
import { useSession } from './use-session';
import { Vital } from './Vital';

const EXERCISES: Record<Exercise, { label: string; tip: string }> = {
  squat: {
    label: 'Squats',
    tip: 'Stand side-on or facing the camera with your whole body in view, hips and knees visible.',
  },
  'jumping-jack': {
    label: 'Jumping jacks',
    tip: 'Face the camera with your whole body in view, arms and feet visible.',
  },
};

const PHASE_LABELS = { unknown: 'Get into position', rest: 'Ready', active: 'Down / open' } as const;

/** Squats and jumping jacks counted from the pose, with a skeleton overlay and feedback per rep. */
export function RepsView() {
  const session = useSession(() => new RepsSession());

  const state = session.state.value;
  const report = session.report.value;
  const live = state !== 'idle';
  const saved = session.saved.value;

  return (
    <section class="card vitals" aria-label="Exercise reps">
      <div class="vitals-layout">
        <CameraStage task={session} live={live} starting={state === 'starting'} label="Camera">
          {EXERCISES[session.exercise.value].tip}
        </CameraStage>

        <div class="vitals-readout">
          <Vital
            label={EXERCISES[session.exercise.value].label}
            value={session.count.value}
            unit="reps"
            testId="rep-count"
            announce
          />
          <p class="fine" data-testid="rep-phase" data-phase={report?.phase ?? ''}>
            {report ? PHASE_LABELS[report.phase] : 'Not started'}
            {report?.angle != null ? ` · ${Math.round(report.angle)}°` : ''}
          </p>
          <label class="field">
            Exercise
            <select
              data-testid="exercise-select"
              value={session.exercise.value}
              disabled={live}
              onChange={(event) => (session.exercise.value = event.currentTarget.value as Exercise)}
            >
              {Object.entries(EXERCISES).map(([value, { label }]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            On each rep
            <select
              data-testid="rep-feedback"
              value={session.feedback.value}
              onChange={(event) => (session.feedback.value = event.currentTarget.value as RepFeedback)}
            >
              <option value="beep">Beep</option>
              <option value="voice">Say the count</option>
              <option value="none">Silent</option>
            </select>
          </label>
        </div>
      </div>

      <StageActions
        session={session}
        live={live}
        running={state === 'counting'}
        startLabel="Start counting"
        startTestId="start-workout"
        finishLabel="Finish and save"
        finishTestId="finish-workout"
      />
      {saved && (
        <p class="notice" role="status">
          Saved to your journal: {saved.count} {EXERCISES[saved.exercise].label.toLowerCase()}.
        </p>
      )}
      <TaskErrors task={session} />
      {report && (
        <p class="fine vitals-stats" data-testid="reps-stats" data-backend={report.backend}>
          <span data-testid="backend">{report.backend}</span> · pose {report.timings.model.toFixed(1)} ms ·
          frame {report.timings.total.toFixed(1)} ms
        </p>
      )}
    </section>
  );
}
