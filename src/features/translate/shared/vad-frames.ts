/**
 * The Silero VAD frame loop: 16 kHz audio in chunks of any size → 512-sample frames, each run
 * through the model with the previous frame's last 64 samples in front and the recurrent state
 * carried over, → one speech probability per frame. The model call is injected, so the loop is
 * pure and the page can run it through the inference worker (src/runtime/inference-client.ts).
 */
import { SPEECH_SAMPLE_RATE } from './resampler';
import { SILERO_CONTEXT_SAMPLES, SILERO_FRAME_SAMPLES, SILERO_STATE_SIZE } from './vad-config';

/** One model call's result. */
export interface SileroStep {
  /** Speech probability of the frame, 0..1 (output [1, 1]). */
  probability: number;
  /** The next recurrent state (stateN [2, 1, 128]). */
  state: Float32Array;
}

/**
 * Runs Silero once: `input` is [1, 576] (context then frame), `state` [2, 1, 128]. Both are
 * fresh copies, the callee's to keep or transfer (a failed call leaves the loop's state intact).
 */
export type SileroRunner = (input: Float32Array, state: Float32Array) => Promise<SileroStep>;

/** A frame of audio and what the VAD made of it. */
export interface VadFrame {
  /** Frame number since the loop started (or was reset). */
  index: number;
  /** Start of the frame, in seconds of audio since the loop started. */
  startSec: number;
  probability: number;
  /** The frame's 512 samples at 16 kHz. */
  samples: Float32Array;
}

export class VadFrameLoop {
  private partial = new Float32Array(SILERO_FRAME_SAMPLES);
  private filled = 0;
  private context = new Float32Array(SILERO_CONTEXT_SAMPLES);
  private state: Float32Array = new Float32Array(SILERO_STATE_SIZE);
  private nextIndex = 0;
  private generation = 0;
  /** The tail of the run queue: frames go through the model strictly in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly run: SileroRunner) {}

  /** Seconds of audio the loop has been given (whole frames and the partial one). */
  get seconds(): number {
    return (this.nextIndex * SILERO_FRAME_SAMPLES + this.filled) / SPEECH_SAMPLE_RATE;
  }

  /**
   * Adds 16 kHz samples; resolves with the frames they completed, analysed. Calls may overlap:
   * frames are cut in call order at once and run through the model one after another.
   */
  push(samples: Float32Array): Promise<VadFrame[]> {
    const frames: { index: number; samples: Float32Array }[] = [];
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(SILERO_FRAME_SAMPLES - this.filled, samples.length - at);
      this.partial.set(samples.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === SILERO_FRAME_SAMPLES) {
        frames.push({ index: this.nextIndex++, samples: this.partial });
        this.partial = new Float32Array(SILERO_FRAME_SAMPLES);
        this.filled = 0;
      }
    }
    const generation = this.generation;
    const done = this.queue.then(async () => {
      const out: VadFrame[] = [];
      for (const frame of frames) {
        if (generation !== this.generation) break;
        out.push({
          index: frame.index,
          startSec: (frame.index * SILERO_FRAME_SAMPLES) / SPEECH_SAMPLE_RATE,
          probability: await this.step(frame.samples),
          samples: frame.samples,
        });
      }
      return out;
    });
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Forgets the audio and the recurrent state: the next frame is frame 0 of a new stream. */
  reset(): void {
    this.generation += 1;
    this.partial = new Float32Array(SILERO_FRAME_SAMPLES);
    this.filled = 0;
    this.context = new Float32Array(SILERO_CONTEXT_SAMPLES);
    this.state = new Float32Array(SILERO_STATE_SIZE);
    this.nextIndex = 0;
  }

  private async step(frame: Float32Array): Promise<number> {
    const input = new Float32Array(SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES);
    input.set(this.context);
    input.set(frame, SILERO_CONTEXT_SAMPLES);
    this.context = frame.slice(SILERO_FRAME_SAMPLES - SILERO_CONTEXT_SAMPLES);
    const generation = this.generation;
    const { probability, state } = await this.run(input, this.state.slice());
    if (state.length !== SILERO_STATE_SIZE)
      throw new Error(`Silero returned a state of ${state.length} values; expected ${SILERO_STATE_SIZE}.`);
    // A reset while the model ran: its state belongs to the old stream.
    if (generation === this.generation) this.state = state;
    return probability;
  }
}
