/**
 * One heart-rate (and breathing) measurement on the page: opens the front camera, hands its
 * frames and an overlay canvas to the worker, keeps the readings that pass the quality gate,
 * and after MEASURE_SECONDS saves their median to the journal. With "microphone" chosen,
 * breathing comes from the breath-sound envelope instead of head motion.
 */
import { batch, signal } from '@preact/signals';
import { loadModel } from '../../../runtime/models';
import type { Backend } from '../../../shared/backends';
import { FACE_MODEL_IDS } from '../../face/shared/config';
import { BREATHING_ADVICE, HEART_RATE_ADVICE } from '../shared/config';
import type { BreathingMethod, BreathingReason, HeartRateReason, VitalsReport } from '../shared/types';
import { BreathSound } from './breath-sound';
import { NO_CAMERA_HINT } from './camera-task';
import { journal } from './journal/journal-state';
import { TimedCameraTask } from './timed-camera-task';
import { mean, mostFrequent, summarise, type Reading, type Summary } from './measure';
import { errorMessage } from '../../../shared/errors';

/** How long one measurement runs; breathing needs 20 s of signal, so a rate shows in the last 10 s. */
export const MEASURE_SECONDS = 30;
const NO_FACE_ADVICE = 'Face the camera: no face is in view.';

export type MeasureState = 'idle' | 'starting' | 'measuring' | 'done';

/** What a finished measurement gave; null values when a part had too few good readings. */
export interface MeasureResult {
  heart: Summary | null;
  breathing: (Summary & { method: BreathingMethod }) | null;
  /** What held the heart rate back most often, when there is none. */
  reason: HeartRateReason | 'no-face' | null;
  advice: string | null;
  /** True while a result with a reading is being written to the journal. */
  saving: boolean;
  saved: boolean;
}

export class VitalsSession extends TimedCameraTask<MeasureState> {
  readonly state = signal<MeasureState>('idle');
  readonly report = signal<VitalsReport | null>(null);
  readonly elapsed = signal(0);
  readonly result = signal<MeasureResult | null>(null);
  readonly breathingSource = signal<BreathingMethod>('face-motion');
  /** The microphone's breathing estimate, when it is the source. */
  readonly micBreathing = signal<{
    perMinute: number | null;
    quality: number;
    reason?: BreathingReason;
  } | null>(null);
  readonly backend = signal<Backend | null>(null);
  /** Means over this measurement's frames, in ms: the face models (FaceMesh runs on some frames only), and the rPPG step beyond them. */
  readonly costs = signal<{ face: number; mesh: number; rppg: number; frames: number } | null>(null);

  private sound: BreathSound | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private heartReadings: Reading[] = [];
  private breathReadings: Reading[] = [];
  private reasons: HeartRateReason[] = [];
  private noFace = 0;
  private timings: { face: number[]; mesh: number[]; rppg: number[] } = { face: [], mesh: [], rppg: [] };

  async start(): Promise<void> {
    this.stop();
    batch(() => {
      this.state.value = 'starting';
      this.result.value = null;
      this.report.value = null;
      this.micBreathing.value = null;
      this.elapsed.value = 0;
      this.costs.value = null;
    });
    this.heartReadings = [];
    this.breathReadings = [];
    this.reasons = [];
    this.noFace = 0;
    this.timings = { face: [], mesh: [], rppg: [] };
    const started = await this.launch('measuring', {
      afterCamera: async (stream) => {
        if (this.breathingSource.value !== 'microphone') return true;
        const sound = await BreathSound.open(NO_CAMERA_HINT, (result) => this.onBreathSound(result));
        // Left (or stopped) while the microphone was opening: close it, or it stays on.
        if (this.stream !== stream) {
          sound.close();
          return false;
        }
        this.sound = sound;
        return true;
      },
      loading: 'Loading the face models…',
      task: async () => {
        const [detector, mesh] = await Promise.all([
          loadModel(FACE_MODEL_IDS.short),
          loadModel(FACE_MODEL_IDS.mesh),
        ]);
        return { kind: 'vitals', detector, mesh };
      },
      onReport: (report) => report.kind === 'vitals' && this.onReport(report.report),
      what: 'measurement',
    });
    if (started) this.timer = setInterval(() => this.tick(), 250);
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
    const noFace = this.noFace > this.reasons.length;
    const result: MeasureResult = {
      heart,
      breathing,
      reason: heart ? null : noFace ? 'no-face' : (reason ?? 'too-short'),
      advice: heart
        ? null
        : this.noFace > this.reasons.length
          ? NO_FACE_ADVICE
          : HEART_RATE_ADVICE[reason ?? 'too-short'],
      saving: heart !== null || breathing !== null,
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
      this.result.value = { ...result, saving: false, saved: result.saving };
    } catch (error) {
      batch(() => {
        this.result.value = { ...result, saving: false };
        this.error.value = `The measurement could not be saved: ${errorMessage(error)}`;
      });
    }
  }

  /** Stops the camera, microphone and worker loop; nothing is saved. */
  override stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    super.stop();
    this.sound?.close();
    this.sound = null;
    if (this.state.value === 'starting' || this.state.value === 'measuring') this.state.value = 'idle';
  }

  /** Why the live view has no number yet: a face that is missing, or the estimator's reason. */
  heartReason(): HeartRateReason | 'no-face' | null {
    const report = this.report.value;
    if (!report) return null;
    if (!report.face) return 'no-face';
    return report.heart.reason ?? null;
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
