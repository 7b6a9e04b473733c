/**
 * Silero VAD v5 as bundled (models/manifests/silero-vad.json, the ONNX file of
 * @ricky0123/vad-web 0.0.31), and the thresholds that cut its speech probabilities into
 * utterances.
 *
 * Model io: input float32 [1, 64 + 512] (the previous frame's last 64 samples, then 512 new
 * ones: 32 ms at 16 kHz), state float32 [2, 1, 128], sr int64 [] (16000) → output float32
 * [1, 1] (speech probability), stateN float32 [2, 1, 128]. The 64-sample context is what
 * silero-vad's own OnnxWrapper prepends; without it onsets on a frame edge are heard late.
 */
import { SPEECH_SAMPLE_RATE } from './resampler';

/** New samples per model call (v5 at 16 kHz; the legacy v4 model took 1536). */
export const SILERO_FRAME_SAMPLES = 512;
/** Samples of the previous frame prepended to each call. */
export const SILERO_CONTEXT_SAMPLES = 64;
/** The recurrent state carried from call to call: [2, 1, 128]. */
export const SILERO_STATE_SHAPE = [2, 1, 128] as const;
export const SILERO_STATE_SIZE = 2 * 1 * 128;
/** One frame's duration in seconds (32 ms). */
export const VAD_FRAME_SEC = SILERO_FRAME_SAMPLES / SPEECH_SAMPLE_RATE;

/** How speech probabilities become utterances. Times in seconds. */
export interface SegmenterConfig {
  /** A frame at or above this probability starts an utterance (Silero's default threshold). */
  startThreshold: number;
  /** Once speaking, frames at or above this still count as speech: hysteresis, so a dip in a word does not end it. */
  endThreshold: number;
  /** Shorter speech is dropped as a click or a cough. */
  minSpeechSec: number;
  /** This much quiet after the last speech frame ends an utterance. Infinity: only the caller ends it (push-to-talk). */
  minSilenceSec: number;
  /** Audio kept before the first and after the last speech frame, so a soft onset or tail reaches the recogniser. */
  prePadSec: number;
  postPadSec: number;
  /** Longer speech is split (at its quietest frame in the later half): Whisper hears at most 30 s. */
  maxUtteranceSec: number;
}

/** Hands-free: the VAD decides where each utterance starts and ends. */
export const DEFAULT_SEGMENTER_CONFIG: SegmenterConfig = {
  startThreshold: 0.5,
  endThreshold: 0.35,
  minSpeechSec: 0.25,
  // Pauses inside a sentence (commas, breaths) are shorter; a turn in a conversation longer.
  minSilenceSec: 0.6,
  prePadSec: 0.2,
  postPadSec: 0.2,
  maxUtteranceSec: 20,
};

/** How the microphone is used: held while speaking, or always listening. */
export type SpeechMode = 'push-to-talk' | 'hands-free';

export const SPEECH_MODES: readonly SpeechMode[] = ['push-to-talk', 'hands-free'];

/** Push-to-talk: the press is the utterance; the VAD only trims the silence around the speech. */
export function segmenterConfigFor(
  mode: SpeechMode,
  overrides: Partial<SegmenterConfig> = {},
): SegmenterConfig {
  const base =
    mode === 'push-to-talk'
      ? { ...DEFAULT_SEGMENTER_CONFIG, minSilenceSec: Number.POSITIVE_INFINITY }
      : DEFAULT_SEGMENTER_CONFIG;
  return { ...base, ...overrides };
}
