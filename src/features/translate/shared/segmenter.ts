/**
 * Speech probabilities per frame → utterances, as a streaming state machine with hysteresis:
 * a frame at `startThreshold` opens an utterance, frames at `endThreshold` keep it open, and
 * `minSilenceSec` below that closes it. Too-short speech is dropped, long speech is split at
 * its quietest frame, and the utterance's audio carries a little padding either side.
 *
 * Push-to-talk is the same machine with no silence limit (segmenterConfigFor): the press ends
 * the utterance, and the VAD only trims the silence before and after the speech.
 */
import { SPEECH_SAMPLE_RATE } from './resampler';
import { DEFAULT_SEGMENTER_CONFIG, type SegmenterConfig } from './vad-config';
import type { VadFrame } from './vad-frames';

/** A stretch of speech, ready for the recogniser. */
export interface Utterance {
  /** Where the speech starts and ends, in seconds since capture started (frame edges). */
  startSec: number;
  endSec: number;
  /** The audio at 16 kHz: the speech plus its padding, starting at `audioStartSec`. */
  samples: Float32Array;
  audioStartSec: number;
  sampleRate: number;
}

export class UtteranceSegmenter {
  readonly config: SegmenterConfig;
  /** Frames kept: the padding before an utterance, then every frame of the open one. */
  private frames: VadFrame[] = [];
  /** Index of the open utterance's first speech frame, or null while quiet. */
  private startIndex: number | null = null;
  /** One past the open utterance's last speech frame. */
  private speechEndIndex = 0;
  /** One past the newest frame seen. */
  private endIndex = 0;
  private frameSec = 0;

  constructor(config: Partial<SegmenterConfig> = {}) {
    this.config = { ...DEFAULT_SEGMENTER_CONFIG, ...config };
    const { startThreshold, endThreshold } = this.config;
    if (!(endThreshold <= startThreshold))
      throw new RangeError(
        `endThreshold (${endThreshold}) must not exceed startThreshold (${startThreshold}).`,
      );
  }

  /** True while an utterance is open. */
  get speaking(): boolean {
    return this.startIndex !== null;
  }

  /** Takes the next frame (in order); returns the utterances it completed, usually none. */
  push(frame: VadFrame): Utterance[] {
    if (this.frames.length > 0 && frame.index !== this.endIndex)
      throw new RangeError(
        `Frame ${frame.index} arrived after frame ${this.endIndex - 1}; frames must be in order.`,
      );
    this.frameSec = frame.samples.length / SPEECH_SAMPLE_RATE;
    this.frames.push(frame);
    this.endIndex = frame.index + 1;
    const { startThreshold, endThreshold, minSilenceSec, maxUtteranceSec } = this.config;
    const out: Utterance[] = [];

    if (this.startIndex === null) {
      if (frame.probability >= startThreshold) {
        this.startIndex = frame.index;
        this.speechEndIndex = frame.index + 1;
      } else {
        this.dropBefore(this.endIndex - this.framesOf(this.config.prePadSec));
      }
      return out;
    }

    if (frame.probability >= endThreshold) this.speechEndIndex = frame.index + 1;
    if ((this.endIndex - this.speechEndIndex) * this.frameSec >= minSilenceSec) {
      const done = this.close(this.speechEndIndex);
      if (done) out.push(done);
    } else if ((this.endIndex - this.startIndex) * this.frameSec >= maxUtteranceSec) {
      out.push(...this.split());
    }
    return out;
  }

  /** Ends the open utterance (the capture stopped or the button was released). */
  flush(): Utterance[] {
    if (this.startIndex === null) return [];
    const done = this.close(this.speechEndIndex);
    return done ? [done] : [];
  }

  /** Forgets everything: the next frame starts a new stream. */
  reset(): void {
    this.frames = [];
    this.startIndex = null;
    this.speechEndIndex = 0;
    this.endIndex = 0;
  }

  private framesOf(seconds: number): number {
    return this.frameSec > 0 ? Math.round(seconds / this.frameSec) : 0;
  }

  /** Closes the open utterance at `speechEnd` (exclusive); null when it was too short to keep. */
  private close(speechEnd: number): Utterance | null {
    const start = this.startIndex!;
    this.startIndex = null;
    const kept = (speechEnd - start) * this.frameSec >= this.config.minSpeechSec;
    const utterance = kept
      ? this.utterance(start, speechEnd, speechEnd + this.framesOf(this.config.postPadSec))
      : null;
    this.dropBefore(this.endIndex - this.framesOf(this.config.prePadSec));
    return utterance;
  }

  /** Splits an over-long utterance at its quietest frame in the later half; speech goes on after it. */
  private split(): Utterance[] {
    const start = this.startIndex!;
    const from = start + Math.ceil((this.endIndex - start) / 2);
    let cut = this.endIndex - 1;
    let quietest = Number.POSITIVE_INFINITY;
    for (const frame of this.frames) {
      if (frame.index >= from && frame.probability <= quietest) {
        quietest = frame.probability;
        cut = frame.index;
      }
    }
    const first = this.utterance(start, Math.min(cut, this.speechEndIndex), cut);
    this.dropBefore(cut);
    this.startIndex = cut;
    this.speechEndIndex = Math.max(this.speechEndIndex, cut + 1);
    return [first];
  }

  /** The utterance of speech frames [start, end), with audio from the pre-pad to `audioEnd`. */
  private utterance(start: number, end: number, audioEnd: number): Utterance {
    const audioFrom = start - this.framesOf(this.config.prePadSec);
    const frames = this.frames.filter((f) => f.index >= audioFrom && f.index < audioEnd);
    const samples = new Float32Array(frames.reduce((n, f) => n + f.samples.length, 0));
    let at = 0;
    for (const frame of frames) {
      samples.set(frame.samples, at);
      at += frame.samples.length;
    }
    return {
      startSec: start * this.frameSec,
      endSec: end * this.frameSec,
      samples,
      audioStartSec: frames.length > 0 ? frames[0]!.startSec : start * this.frameSec,
      sampleRate: SPEECH_SAMPLE_RATE,
    };
  }

  private dropBefore(index: number): void {
    let drop = 0;
    while (drop < this.frames.length && this.frames[drop]!.index < index) drop += 1;
    if (drop > 0) this.frames.splice(0, drop);
  }
}
