/** Types of the translation calls (src/worker/calls/translate.ts): Marian translators, Whisper transcribers. */
import type { Transcript, TranscribeOptions, Translation } from '../../features/translate/shared/translation';
import type { Backend } from '../bridge-types';

/** URLs of a MarianMT model's files, in the Transformers.js layout (served by the model store). */
export interface TranslatorFiles {
  encoder: string;
  decoder: string;
  tokenizer: string;
  tokenizerConfig: string;
  config: string;
  generationConfig: string;
}

/** URLs of a Whisper model's files, in the Transformers.js layout: a translator's, and the feature extractor's settings. */
export interface TranscriberFiles extends TranslatorFiles {
  preprocessorConfig: string;
}

export interface TranslateCalls {
  /** Loads a MarianMT translator (two ONNX sessions and its tokenizer) from its files' URLs. */
  loadTranslator(files: TranslatorFiles, backend?: Backend): Promise<{ handle: number; backend: Backend }>;
  /** Translates text sentence by sentence; `onPartial` gets the whole output so far as tokens arrive. */
  translate(
    handle: number,
    text: string,
    callId: number,
    onPartial?: (text: string) => void,
  ): Promise<Translation>;
  /** Loads a Whisper transcriber (two ONNX sessions and its tokenizer) from its files' URLs. */
  loadTranscriber(files: TranscriberFiles, backend?: Backend): Promise<{ handle: number; backend: Backend }>;
  /**
   * Transcribes 16 kHz mono audio (transferred), 30 s at a time, detecting the language unless
   * one is given; `onPartial` gets the whole transcript so far as tokens arrive.
   */
  transcribe(
    handle: number,
    audio: Float32Array,
    options: TranscribeOptions,
    callId: number,
    onPartial?: (text: string) => void,
  ): Promise<Transcript>;
}
