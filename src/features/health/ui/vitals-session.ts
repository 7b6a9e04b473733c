/**
 * One heart-rate (and breathing) measurement on the page: opens the front camera, hands its
 * frames and an overlay canvas to the worker, keeps the readings that pass the quality gate,
 * and after MEASURE_SECONDS saves their median to the journal. With "microphone" chosen,
 * breathing comes from the breath-sound envelope instead of head motion.
 */
import { batch, signal } from '@preact/signals';
import { openCamera, stopStream } from '../../../media/camera';
import { cameraFrames, canStreamFrames } from '../../../media/camera-frames';
import { inference, loadModel } from '../../../runtime/models';
import { AppError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import { FACE_MODEL_IDS } from '../../face/shared/config';
import { BREATHING_ADVICE, HEART_RATE_ADVICE } from '../shared/config';
import type { BreathingMethod, BreathingReason, HeartRateReason, VitalsReport } from '../shared/types';
import { BreathSound } from './breath-sound';
import { journal } from './journal/journal-state';
import { mean, mostFrequent, summarise, type Reading, type Summary } from './measure';

/** How long one measurement runs; breathing needs 20 s of signal, so a rate shows in the last 10 s. */
export const MEASURE_SECONDS = 30;
const NO_CAMERA_HINT = 'The journal below still works.';
const NO_FACE_ADVICE = 'Face the camera: no face is in view.';

export type MeasureState = 'idle' | 'starting' | 'measuring' | 'done';

/** What a finished measurement gave; null values when a part had too few good readings. */
export interface MeasureResult {
  heart: Summary | null;
  breathing: (Summary & { method: BreathingMethod }) | null;
  advice: string | null;
  saved: boolean;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Frame pixels per CSS pixel of the element showing the frame (1 when unknown). */
function markScale(frameWidth: number | undefined, shownWidth: number | undefined): number {
  return frameWidth && shownWidth ? Math.max(0.5, frameWidth / shownWidth) : 1;
}

export class VitalsSession {
  readonly state = signal<MeasureState>('idle');
  readonly report = signal<VitalsReport | null>(null);
  readonly elapsed = signal(0);
  readonly result = signal<MeasureResult | null>(null);
  readonly cameraError = signal<AppError | null>(null);
  readonly error = signal<string | null>(null);
  readonly loading = signal<string | null>(null);
  readonly breathingSource = signal<BreathingMethod>('face-motion');
  /** The microphone's breathing estimate, when it is the source. */
  readonly micBreathing = signal<{
    perMinute: number | null;
    quality: number;
    reason?: BreathingReason;
  } | null>(null);
  /** Bumped for each start: the overlay canvas is new each time (it moves to the worker). */
  readonly liveKey = signal(0);
  readonly backend = signal<Backend | null>(null);
  /** Means over this measurement's frames, in ms: the face models (FaceMesh runs on some frames only), and the rPPG step beyond them. */
  readonly costs = signal<{ face: number; mesh: number; rppg: number; frames: number } | null>(null);

  video: HTMLVideoElement | null = null;
  overlay: HTMLCanvasElement | null = null;

  private stream: MediaStream | null = null;
  private frames: AbortController | null = null;
  private sound: BreathSound | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private startedAt = 0;
  private startedEpoch = 0;
  private heartReadings: Reading[] = [];
  private breathReadings: Reading[] = [];
  private reasons: HeartRateReason[] = [];
  private noFace = 0;
  private timings: { face: number[]; mesh: number[]; rppg: number[] } = { face: [], mesh: [], rppg: [] };
  private disposed = false;

  async start(): Promise<void> {
    this.stop();
    batch(() => {
      this.state.value = 'starting';
      this.cameraError.value = null;
      this.error.value = null;
      this.result.value = null;
      this.report.value = null;
      this.micBreathing.value = null;
      this.elapsed.value = 0;
    });
    this.heartReadings = [];
    this.breathReadings = [];
    this.reasons = [];
    this.noFace = 0;
    this.timings = { face: [], mesh: [], rppg: [] };
    this.costs.value = null;
    try {
      if (!canStreamFrames())
        throw new Error('This browser cannot pass camera frames to a worker, which the measurement needs.');
      const stream = await openCamera('user', NO_CAMERA_HINT);
      if (this.disposed || this.state.value !== 'starting') {
        stopStream(stream);
        return;
      }
      this.stream = stream;
      const video = this.video!;
      video.srcObject = stream;
      await video.play();
      if (this.breathingSource.value === 'microphone') {
        this.sound = await BreathSound.open(NO_CAMERA_HINT, (result) => this.onBreathSound(result));
      }
      this.loading.value = 'Loading the face models…';
      const [detector, mesh] = await Promise.all([
        loadModel(FACE_MODEL_IDS.short),
        loadModel(FACE_MODEL_IDS.mesh),
      ]);
      this.loading.value = null;
      if (this.stream !== stream) return;
      this.liveKey.value += 1;
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      this.frames = new AbortController();
      const canvas = this.overlay!.transferControlToOffscreen();
      await inference().startHealth(
        { kind: 'vitals', detector: detector!, mesh: mesh! },
        cameraFrames(stream.getVideoTracks()[0]!, video, this.frames.signal),
        canvas,
        this.view(),
        (report) => {
          if (report.kind === 'vitals' && this.stream === stream) this.onReport(report.report);
        },
        (error) => {
          if (error && this.stream === stream) {
            this.error.value = `The measurement stopped: ${error}`;
            this.stop();
          }
        },
      );
      this.startedAt = performance.now();
      this.startedEpoch = Date.now();
      this.state.value = 'measuring';
      this.timer = setInterval(() => this.tick(), 250);
    } catch (error) {
      this.stop();
      batch(() => {
        this.loading.value = null;
        if (error instanceof AppError && (error.code.startsWith('camera/') || error.code.startsWith('mic/')))
          this.cameraError.value = error;
        else this.error.value = message(error);
      });
    }
  }

  /** Ends the measurement early or on time: keeps what it has, saves it when it passes the gate. */
  async finish(): Promise<void> {
    if (this.state.value !== 'measuring') return;
    const durationMs = performance.now() - this.startedAt;
    this.stop();
    const heart = summarise(this.heartReadings);
    const breathingSummary = summarise(this.breathReadings);
    const method = this.breathingSource.value;
    const breathing = breathingSummary ? { ...breathingSummary, method } : null;
    const reason = mostFrequent(this.reasons);
    const result: MeasureResult = {
      heart,
      breathing,
      advice: heart
        ? null
        : this.noFace > this.reasons.length
          ? NO_FACE_ADVICE
          : HEART_RATE_ADVICE[reason ?? 'too-short'],
      saved: false,
    };
    this.result.value = result;
    this.state.value = 'done';
    const start = this.startedEpoch;
    try {
      if (heart)
        await journal.save({
          kind: 'heart-rate',
          value: Math.round(heart.value),
          unit: 'bpm',
          quality: +heart.quality.toFixed(3),
          start,
          durationMs: Math.round(durationMs),
          method: 'rppg-pos',
          source: 'camera',
        });
      if (breathing)
        await journal.save({
          kind: 'breathing-rate',
          value: +breathing.value.toFixed(1),
          unit: 'breaths/min',
          quality: +breathing.quality.toFixed(3),
          start,
          durationMs: Math.round(durationMs),
          method,
          source: method === 'microphone' ? 'microphone' : 'camera',
        });
      this.result.value = { ...result, saved: heart !== null || breathing !== null };
    } catch (error) {
      this.error.value = `The measurement could not be saved: ${message(error)}`;
    }
  }

  /** Stops the camera, microphone and worker loop; nothing is saved. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.frames?.abort();
    this.frames = null;
    if (this.stream)
      void inference()
        .stopHealth()
        .catch(() => undefined);
    stopStream(this.stream);
    this.stream = null;
    this.sound?.close();
    this.sound = null;
    if (this.video) this.video.srcObject = null;
    if (this.state.value === 'starting' || this.state.value === 'measuring') this.state.value = 'idle';
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  /** Advice for the live view: why there is no number yet. */
  heartAdvice(): string | null {
    const report = this.report.value;
    if (!report) return null;
    if (!report.face) return NO_FACE_ADVICE;
    return report.heart.reason ? HEART_RATE_ADVICE[report.heart.reason] : null;
  }

  breathingAdvice(): string | null {
    const breathing =
      this.breathingSource.value === 'microphone' ? this.micBreathing.value : this.report.value?.breathing;
    return breathing?.reason ? BREATHING_ADVICE[breathing.reason] : null;
  }

  /** The live breathing reading from the chosen source. */
  breathing(): { perMinute: number | null; quality: number } | null {
    return this.breathingSource.value === 'microphone'
      ? this.micBreathing.value
      : (this.report.value?.breathing ?? null);
  }

  private view() {
    return {
      mirror: true,
      markScale: markScale(this.video?.videoWidth, this.video?.clientWidth),
    };
  }

  private onReport(report: VitalsReport): void {
    const t = performance.now();
    batch(() => {
      this.report.value = report;
      this.backend.value = report.backend;
    });
    if (this.state.value !== 'measuring') return;
    this.recordCosts(report);
    if (report.heart.bpm !== null)
      this.heartReadings.push({ t, value: report.heart.bpm, quality: report.heart.quality });
    else if (report.heart.reason) this.reasons.push(report.heart.reason);
    if (!report.face) this.noFace += 1;
    const breathing = report.breathing;
    if (this.breathingSource.value === 'face-motion' && breathing.perMinute !== null)
      this.breathReadings.push({ t, value: breathing.perMinute, quality: breathing.quality });
  }

  private recordCosts({ timings }: VitalsReport): void {
    this.timings.face.push(timings.face);
    this.timings.mesh.push(timings.mesh);
    this.timings.rppg.push(timings.rppg);
    const frames = this.timings.rppg.length;
    if (frames % 15 === 1)
      this.costs.value = {
        face: mean(this.timings.face),
        mesh: mean(this.timings.mesh),
        rppg: mean(this.timings.rppg),
        frames,
      };
  }

  private onBreathSound(result: {
    perMinute: number | null;
    quality: number;
    reason?: BreathingReason;
  }): void {
    this.micBreathing.value = result;
    if (this.state.value === 'measuring' && result.perMinute !== null)
      this.breathReadings.push({ t: performance.now(), value: result.perMinute, quality: result.quality });
  }

  private tick(): void {
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.elapsed.value = Math.min(MEASURE_SECONDS, seconds);
    if (seconds >= MEASURE_SECONDS) void this.finish();
  }
}
