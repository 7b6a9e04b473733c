/**
 * One speech-capture session on the page: microphone chunks → 16 kHz → Silero VAD frames (in
 * the inference worker) → utterances. Push-to-talk listens while the button is held and gives
 * the press as one utterance, trimmed to the speech; hands-free listens until stopped and
 * cuts an utterance at each pause. Times are seconds since the capture's first sample.
 */
import { signal, type Signal } from '@preact/signals';
import { AudioCapture } from '../../../../media/audio-capture';
import { AppError, errorMessage } from '../../../../shared/errors';
import type { Backend } from '../../../../shared/backends';
import { StreamingResampler } from '../../shared/resampler';
import { UtteranceSegmenter, type Utterance } from '../../shared/segmenter';
import {
  VAD_FRAME_SEC,
  segmenterConfigFor,
  type SegmenterConfig,
  type SpeechMode,
} from '../../shared/vad-config';
import { VadFrameLoop, type VadFrame } from '../../shared/vad-frames';
import { loadSilero, workerSileroRunner, type VadCost } from './silero-runner';

export type SpeechState = 'idle' | 'starting' | 'listening' | 'finishing';

/** An utterance as the page lists it: where the speech was, in seconds since capture start. */
export interface SegmentRange {
  startSec: number;
  endSec: number;
}

export interface SpeechSessionConfig {
  mode: SpeechMode;
  /** Said after a microphone error: what still works without one. */
  fallback: string;
  segmenter?: Partial<SegmenterConfig>;
}

export const DEFAULT_SPEECH_SESSION_CONFIG: SpeechSessionConfig = {
  mode: 'push-to-talk',
  fallback: 'You can still type the text to translate.',
};

/** Weight of the newest frame in the moving averages of the VAD's cost. */
const COST_SMOOTHING = 0.05;

/** The level meter reads empty at this level (dBFS) and full at 0 dBFS. */
export const METER_FLOOR_DB = -60;

/** Chunk loudness as a meter fraction, 0..1. */
export function meterLevel(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  const db = 20 * Math.log10(Math.max(rms, 1e-9));
  return Math.min(1, Math.max(0, 1 - db / METER_FLOOR_DB));
}

/** The running pipeline of one capture. */
interface Pipeline {
  capture: AudioCapture;
  resampler: StreamingResampler;
  loop: VadFrameLoop;
  segmenter: UtteranceSegmenter;
  /** The newest chunk's processing; chunks are processed in order. */
  tail: Promise<void>;
}

export class SpeechSession {
  readonly mode: Signal<SpeechMode>;
  readonly state = signal<SpeechState>('idle');
  /** Microphone loudness, 0..1, for the meter. */
  readonly level = signal(0);
  /** True while the VAD hears an utterance. */
  readonly speaking = signal(false);
  readonly segments = signal<SegmentRange[]>([]);
  readonly error = signal<AppError | null>(null);
  /** Seconds of audio captured, and analysed by the VAD so far (it lags while the model loads). */
  readonly capturedSec = signal(0);
  readonly analysedSec = signal(0);
  /** The backend Silero runs on, and what a frame costs (moving averages, ms), once it has run. */
  readonly vadBackend = signal<Backend | null>(null);
  readonly vadCost = signal<{ modelMs: number; callMs: number } | null>(null);
  /** Called with each utterance, audio included (16 kHz mono). */
  onUtterance: ((utterance: Utterance) => void) | undefined;

  private readonly config: SpeechSessionConfig;
  private pipeline: Pipeline | null = null;
  /** Bumped by every start and stop: an open that finishes after a stop closes itself. */
  private generation = 0;

  constructor(config: Partial<SpeechSessionConfig> = {}) {
    this.config = { ...DEFAULT_SPEECH_SESSION_CONFIG, ...config };
    this.mode = signal(this.config.mode);
  }

  /** Opens the microphone and starts listening. Errors land in `error` (mic/* codes). */
  async start(): Promise<void> {
    if (this.state.value !== 'idle') return;
    const generation = ++this.generation;
    this.state.value = 'starting';
    this.error.value = null;
    this.segments.value = [];
    this.capturedSec.value = 0;
    this.analysedSec.value = 0;
    // The model loads while the microphone opens; frames wait for it, none are lost.
    void loadSilero().catch(() => undefined);
    const loop = new VadFrameLoop(workerSileroRunner((cost) => this.recordCost(cost)));
    const segmenter = new UtteranceSegmenter(segmenterConfigFor(this.mode.value, this.config.segmenter));
    let pipeline: Pipeline | null = null;
    // Chunks that arrive before open() returns are the capture's first: kept, not dropped.
    const early: Float32Array[] = [];
    try {
      const capture = await AudioCapture.open({
        fallback: this.config.fallback,
        onChunk: (samples) => (pipeline ? this.process(pipeline, samples) : early.push(samples)),
        onEnded: (error) => this.fail(error),
      });
      pipeline = {
        capture,
        resampler: new StreamingResampler(capture.sampleRate),
        loop,
        segmenter,
        tail: Promise.resolve(),
      };
      for (const samples of early.splice(0)) this.process(pipeline, samples);
      if (generation !== this.generation) {
        // Released (or left) while the microphone was opening.
        capture.close();
        return;
      }
      this.pipeline = pipeline;
      this.state.value = 'listening';
    } catch (error) {
      if (generation === this.generation) {
        this.state.value = 'idle';
        this.error.value = asAppError(error);
      }
    }
  }

  /** Stops listening; the utterance in progress (or the push-to-talk press) is finished and reported. */
  async stop(): Promise<void> {
    this.generation += 1;
    const pipeline = this.pipeline;
    this.pipeline = null;
    if (!pipeline) {
      if (this.state.value === 'starting') this.state.value = 'idle';
      return;
    }
    this.state.value = 'finishing';
    pipeline.capture.close();
    this.process(pipeline, null);
    await pipeline.tail;
    if (!this.error.value) for (const utterance of pipeline.segmenter.flush()) this.report(utterance);
    this.level.value = 0;
    this.speaking.value = false;
    this.state.value = 'idle';
  }

  /** Leaving the page: the microphone closes, nothing more is reported. */
  dispose(): void {
    this.generation += 1;
    this.pipeline?.capture.close();
    this.pipeline = null;
    this.onUtterance = undefined;
  }

  /** One chunk at the capture rate, or null for the end of the stream. */
  private process(pipeline: Pipeline, samples: Float32Array | null): void {
    if (samples) {
      this.level.value = meterLevel(samples);
      this.capturedSec.value += samples.length / pipeline.capture.sampleRate;
    }
    const speech = samples ? pipeline.resampler.process(samples) : pipeline.resampler.flush();
    const analysed = pipeline.loop.push(speech);
    pipeline.tail = pipeline.tail.then(async () => {
      let frames: VadFrame[];
      try {
        frames = await analysed;
      } catch (error) {
        this.fail(error);
        return;
      }
      if (this.error.value) return;
      for (const frame of frames) {
        for (const utterance of pipeline.segmenter.push(frame)) this.report(utterance);
      }
      if (frames.length > 0) this.analysedSec.value = frames.at(-1)!.startSec + VAD_FRAME_SEC;
      if (this.pipeline === pipeline) this.speaking.value = pipeline.segmenter.speaking;
    });
  }

  private recordCost({ backend, modelMs, callMs }: VadCost): void {
    if (this.vadBackend.value !== backend) this.vadBackend.value = backend;
    const last = this.vadCost.value;
    this.vadCost.value = last
      ? {
          modelMs: last.modelMs + COST_SMOOTHING * (modelMs - last.modelMs),
          callMs: last.callMs + COST_SMOOTHING * (callMs - last.callMs),
        }
      : { modelMs, callMs };
  }

  private report(utterance: Utterance): void {
    this.segments.value = [
      ...this.segments.value,
      { startSec: utterance.startSec, endSec: utterance.endSec },
    ];
    this.onUtterance?.(utterance);
  }

  /** The microphone or the VAD failed: say so and stop. */
  private fail(error: unknown): void {
    if (this.error.value) return;
    this.error.value = asAppError(error);
    void this.stop();
  }
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('worker/failed', `Voice detection stopped: ${errorMessage(error)}. Try again.`);
}
