/**
 * One workout on the page: the worker runs MoveNet and the rep counter on the camera's frames
 * (see CameraTask), the page gives feedback on each rep and saves the count to the journal
 * when the person finishes.
 */
import { batch, signal } from '@preact/signals';
import { loadModel } from '../../../runtime/models';
import type { Exercise, RepsReport } from '../shared/types';
import { TimedCameraTask } from './timed-camera-task';
import { journal } from './journal/journal-state';
import { repFeedback, unlockAudio, type RepFeedback } from './rep-feedback';
import { errorMessage } from '../../../shared/errors';

export const POSE_MODEL_ID = 'movenet-lightning';

export type WorkoutState = 'idle' | 'starting' | 'counting';

export class RepsSession extends TimedCameraTask<WorkoutState> {
  readonly state = signal<WorkoutState>('idle');
  readonly exercise = signal<Exercise>('squat');
  readonly feedback = signal<RepFeedback>('beep');
  readonly report = signal<RepsReport | null>(null);
  readonly count = signal(0);
  /** The last finished workout, as saved. */
  readonly saved = signal<{ count: number; exercise: Exercise } | null>(null);

  private scoreSum = 0;
  private scoreCount = 0;

  async start(): Promise<void> {
    this.stop();
    unlockAudio();
    batch(() => {
      this.state.value = 'starting';
      this.report.value = null;
      this.count.value = 0;
      this.saved.value = null;
    });
    this.scoreSum = 0;
    this.scoreCount = 0;
    await this.launch('counting', {
      loading: 'Loading MoveNet…',
      task: async () => ({
        kind: 'reps',
        pose: await loadModel(POSE_MODEL_ID),
        exercise: this.exercise.value,
      }),
      onReport: (report) => report.kind === 'reps' && this.onReport(report.report),
      what: 'counter',
    });
  }

  /** Stops counting and saves the workout (when at least one rep was counted). */
  async finish(): Promise<void> {
    if (this.state.value !== 'counting') return;
    const durationMs = performance.now() - this.startedAt;
    const count = this.count.value;
    const exercise = this.exercise.value;
    this.stop();
    if (count === 0) return;
    // A workout's quality: how sure MoveNet was, on average, of the keypoints it counted from.
    const quality = this.scoreCount ? this.scoreSum / this.scoreCount : 0;
    try {
      await journal.save({
        kind: exercise === 'squat' ? 'reps-squat' : 'reps-jumping-jack',
        value: count,
        unit: 'reps',
        quality: +quality.toFixed(3),
        start: this.startedEpoch,
        durationMs: Math.round(durationMs),
        method: 'movenet-lightning',
        source: 'camera',
      });
      this.saved.value = { count, exercise };
    } catch (error) {
      this.error.value = `The workout could not be saved: ${errorMessage(error)}`;
    }
  }

  override stop(): void {
    super.stop();
    this.state.value = 'idle';
  }

  private onReport(report: RepsReport): void {
    const previous = this.count.value;
    batch(() => {
      this.report.value = report;
      this.count.value = report.count;
    });
    const scores = report.keypoints.map((k) => k.score);
    this.scoreSum += scores.reduce((a, b) => a + b, 0) / scores.length;
    this.scoreCount += 1;
    if (report.count > previous) repFeedback(this.feedback.value, report.count);
  }
}
