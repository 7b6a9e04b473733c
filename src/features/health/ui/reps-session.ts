/**
 * One workout on the page: opens the camera, hands its frames and an overlay canvas to the
 * worker (MoveNet and the rep counter run there), gives feedback on each rep, and saves the
 * count to the journal when the person finishes.
 */
import { batch, signal } from '@preact/signals';
import { openCamera, stopStream } from '../../../media/camera';
import { cameraFrames, canStreamFrames } from '../../../media/camera-frames';
import { inference, loadModel } from '../../../runtime/models';
import { AppError } from '../../../shared/errors';
import type { Exercise, RepsReport } from '../shared/types';
import { journal } from './journal/journal-state';
import { repFeedback, unlockAudio, type RepFeedback } from './rep-feedback';

export const POSE_MODEL_ID = 'movenet-lightning';
const NO_CAMERA_HINT = 'The journal below still works.';

export type WorkoutState = 'idle' | 'starting' | 'counting';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RepsSession {
  readonly state = signal<WorkoutState>('idle');
  readonly exercise = signal<Exercise>('squat');
  readonly feedback = signal<RepFeedback>('beep');
  readonly report = signal<RepsReport | null>(null);
  readonly count = signal(0);
  readonly cameraError = signal<AppError | null>(null);
  readonly error = signal<string | null>(null);
  readonly loading = signal<string | null>(null);
  /** The last finished workout, as saved. */
  readonly saved = signal<{ count: number; exercise: Exercise } | null>(null);
  readonly liveKey = signal(0);

  video: HTMLVideoElement | null = null;
  overlay: HTMLCanvasElement | null = null;

  private stream: MediaStream | null = null;
  private frames: AbortController | null = null;
  private startedAt = 0;
  private startedEpoch = 0;
  private scoreSum = 0;
  private scoreCount = 0;
  private disposed = false;

  async start(): Promise<void> {
    this.stop();
    unlockAudio();
    batch(() => {
      this.state.value = 'starting';
      this.cameraError.value = null;
      this.error.value = null;
      this.report.value = null;
      this.count.value = 0;
      this.saved.value = null;
    });
    this.scoreSum = 0;
    this.scoreCount = 0;
    try {
      if (!canStreamFrames())
        throw new Error('This browser cannot pass camera frames to a worker, which the counter needs.');
      const stream = await openCamera('user', NO_CAMERA_HINT);
      if (this.disposed || this.state.value !== 'starting') {
        stopStream(stream);
        return;
      }
      this.stream = stream;
      const video = this.video!;
      video.srcObject = stream;
      await video.play();
      this.loading.value = 'Loading MoveNet…';
      const pose = await loadModel(POSE_MODEL_ID);
      this.loading.value = null;
      if (this.stream !== stream) return;
      this.liveKey.value += 1;
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      this.frames = new AbortController();
      await inference().startHealth(
        { kind: 'reps', pose, exercise: this.exercise.value },
        cameraFrames(stream.getVideoTracks()[0]!, video, this.frames.signal),
        this.overlay!.transferControlToOffscreen(),
        {
          mirror: true,
          markScale:
            video.videoWidth && video.clientWidth ? Math.max(0.5, video.videoWidth / video.clientWidth) : 1,
        },
        (report) => {
          if (report.kind === 'reps' && this.stream === stream) this.onReport(report.report);
        },
        (error) => {
          if (error && this.stream === stream) {
            this.error.value = `The counter stopped: ${error}`;
            this.stop();
          }
        },
      );
      this.startedAt = performance.now();
      this.startedEpoch = Date.now();
      this.state.value = 'counting';
    } catch (error) {
      this.stop();
      batch(() => {
        this.loading.value = null;
        if (error instanceof AppError && error.code.startsWith('camera/')) this.cameraError.value = error;
        else this.error.value = message(error);
      });
    }
  }

  /** Stops counting and saves the workout (when at least one rep was counted). */
  async finish(): Promise<void> {
    if (this.state.value !== 'counting') return;
    const durationMs = performance.now() - this.startedAt;
    const count = this.count.value;
    const exercise = this.exercise.value;
    this.stop();
    if (count === 0) return;
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
      this.error.value = `The workout could not be saved: ${message(error)}`;
    }
  }

  stop(): void {
    this.frames?.abort();
    this.frames = null;
    if (this.stream)
      void inference()
        .stopHealth()
        .catch(() => undefined);
    stopStream(this.stream);
    this.stream = null;
    if (this.video) this.video.srcObject = null;
    this.state.value = 'idle';
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private onReport(report: RepsReport): void {
    const previous = this.count.value;
    batch(() => {
      this.report.value = report;
      this.count.value = report.count;
    });
    // Quality of a workout: how sure MoveNet was of the keypoints it counted from.
    const scores = report.keypoints.map((k) => k.score);
    this.scoreSum += scores.reduce((a, b) => a + b, 0) / scores.length;
    this.scoreCount += 1;
    if (report.count > previous) repFeedback(this.feedback.value, report.count);
  }
}
