import { CameraStage, StageActions, TaskErrors } from './CameraStage';
import { ProgressBar } from '../../../app/components/ProgressBar';
import type { BreathingMethod } from '../shared/types';
import { PulseWave } from './PulseWave';
import { useSession } from './use-session';
import { Vital } from './Vital';
import { MEASURE_SECONDS, VitalsSession } from './vitals-session';

const METHOD_LABELS: Record<BreathingMethod, string> = {
  'face-motion': 'from head motion',
  microphone: 'from breath sounds',
};

function percent(quality: number): string {
  return `${Math.round(quality * 100)}%`;
}

/** Heart rate (rPPG) and breathing rate from the front camera, or breathing from the microphone. */
export function VitalsView() {
  const session = useSession(() => new VitalsSession());

  const state = session.state.value;
  const report = session.report.value;
  const result = session.result.value;
  const live = state === 'starting' || state === 'measuring';
  const done = state === 'done' && result;
  const bpm = done ? result.heart?.value : report?.heart.bpm;
  const quality = done ? (result.heart?.quality ?? 0) : (report?.heart.quality ?? 0);
  const liveBreathing = session.breathing();
  const breathing = done ? result.breathing : liveBreathing;
  const breathingValue = done ? result.breathing?.value : liveBreathing?.perMinute;
  const advice = done ? result.advice : live ? session.heartAdvice() : null;
  const reason = done ? result.reason : live ? session.heartReason() : null;
  const costs = session.costs.value;

  return (
    <section class="card vitals" aria-label="Heart rate and breathing">
      <div class="vitals-layout">
        <CameraStage task={session} live={live} starting={state === 'starting'} label="Front camera">
          Sit still, face the camera in even light, and start a {MEASURE_SECONDS}-second measurement.
        </CameraStage>

        <div class="vitals-readout">
          <Vital
            label="Heart rate"
            value={bpm == null ? null : Math.round(bpm)}
            unit="bpm"
            testId="heart-rate"
            announce
          />
          <div class="quality" data-testid="signal-quality" data-value={quality.toFixed(3)}>
            <span class="vital-label">Signal quality</span>
            <ProgressBar value={quality} max={1} label="Signal quality" />
            <span class="quality-text">{percent(quality)}</span>
          </div>
          {live && <PulseWave samples={report?.pulse ?? []} rateHz={report?.pulseRateHz ?? 30} seconds={5} />}
          {advice && (
            <p class="advice" data-testid="heart-advice" data-reason={reason ?? ''} role="status">
              {advice}
            </p>
          )}
          <Vital
            label="Breathing"
            value={breathingValue == null ? null : breathingValue.toFixed(0)}
            unit="/min"
            testId="breathing-rate"
            small
          >
            <span class="fine" data-testid="breathing-method" data-method={session.breathingSource.value}>
              {METHOD_LABELS[session.breathingSource.value]}
              {breathing ? `, quality ${percent(breathing.quality)}` : ''}
            </span>
          </Vital>
          {live && !done && session.breathingAdvice() && <p class="fine">{session.breathingAdvice()}</p>}
        </div>
      </div>

      {live && (
        <div class="measure-progress">
          <ProgressBar
            value={session.elapsed.value}
            max={MEASURE_SECONDS}
            label="Measurement progress"
            testId="measure-progress"
          />
          <span class="fine">
            {Math.floor(session.elapsed.value)} / {MEASURE_SECONDS} s
          </span>
        </div>
      )}

      <StageActions
        session={session}
        live={live}
        running={state === 'measuring'}
        startLabel="Start measurement"
        startTestId="start-measurement"
        finishLabel="Finish now"
      >
        <label class="inline-field">
          Breathing from
          <select
            data-testid="breathing-source"
            value={session.breathingSource.value}
            disabled={live}
            onChange={(event) =>
              (session.breathingSource.value = event.currentTarget.value as BreathingMethod)
            }
          >
            <option value="face-motion">Head motion (camera)</option>
            <option value="microphone">Breath sounds (microphone)</option>
          </select>
        </label>
      </StageActions>

      {done && (result.saving || result.saved) && (
        <p class="notice" data-testid="measurement-result" role="status">
          {result.saving
            ? 'Saving to your journal…'
            : `Saved to your journal: ${result.heart ? `${Math.round(result.heart.value)} bpm` : 'no heart rate'}${
                result.breathing ? `, ${result.breathing.value.toFixed(0)} breaths/min` : ''
              }.`}
        </p>
      )}
      {done && !result.heart && !result.breathing && (
        <p class="error" data-testid="measurement-result" role="status">
          No reliable reading, so nothing was saved. {result.advice ?? ''}
        </p>
      )}
      <TaskErrors task={session} />
      <p
        class="fine vitals-stats"
        data-testid="vitals-stats"
        data-backend={session.backend.value ?? ''}
        data-regions={report?.regions ?? ''}
        data-fps={report ? report.frameRateHz.toFixed(1) : ''}
        data-face-ms={costs?.face.toFixed(2) ?? ''}
        data-mesh-ms={costs?.mesh.toFixed(2) ?? ''}
        data-rppg-ms={costs?.rppg.toFixed(3) ?? ''}
        data-snr-db={report && Number.isFinite(report.heart.snrDb) ? report.heart.snrDb.toFixed(1) : ''}
        data-motion-db={
          report && Number.isFinite(report.heart.motionDb) ? report.heart.motionDb.toFixed(1) : ''
        }
        data-agreement={report ? report.heart.agreement.toFixed(2) : ''}
        data-patches={report?.heart.patches ?? ''}
      >
        {report && (
          <>
            <span data-testid="backend">{report.backend}</span> · {report.frameRateHz.toFixed(0)} fps ·{' '}
            {report.heart.patches} skin patches from the{' '}
            {report.regions === 'box' ? 'face box' : report.regions === 'mesh' ? 'face mesh' : '—'}
            {Number.isFinite(report.heart.snrDb) && <> · pulse SNR {report.heart.snrDb.toFixed(1)} dB</>}
            {Number.isFinite(report.heart.motionDb) && (
              <> · head motion at that rate {report.heart.motionDb.toFixed(0)} dB against the limit</>
            )}
            {costs && (
              <>
                {' '}
                · face {costs.face.toFixed(1)} ms, mesh {costs.mesh.toFixed(1)} ms, rPPG{' '}
                {costs.rppg.toFixed(2)} ms per frame
              </>
            )}
          </>
        )}
      </p>
    </section>
  );
}
