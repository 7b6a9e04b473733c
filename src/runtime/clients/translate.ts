/** The translation calls as the page makes them: load a translator or a transcriber, translate, transcribe. */
import { proxy, transfer, type Remote } from 'comlink';
import type { Backend } from '../../shared/backends';
import type { Transcript, TranscribeOptions, Translation } from '../../features/translate/shared/translation';
import type { InferenceApi, TranscriberFiles, TranslatorFiles } from '../../worker/types';
import { LOAD_WATCHDOG_MS, type CallOptions, type ClientCore } from './core';

/** Transcription's watchdog: a floor, plus time per second of audio (a slow WASM device runs whisper-tiny at a few times real time). */
export const TRANSCRIBE_WATCHDOG_MS = 120_000;
export const TRANSCRIBE_WATCHDOG_MS_PER_AUDIO_SECOND = 3_000;
/** Translation's watchdog: a floor, plus time per character of the text (a long text translates sentence by sentence). */
export const TRANSLATE_WATCHDOG_MS = 120_000;
export const TRANSLATE_WATCHDOG_MS_PER_CHARACTER = 50;
/** The sample rate transcription takes. */
const TRANSCRIBE_SAMPLE_RATE = 16_000;

/** A translator's or transcriber's load options: the call's, and a backend to force. */
type LoadOptions = CallOptions & { backend?: Backend };
/** A loaded translator or transcriber: its worker handle, and the backend its sessions run on. */
type LoadedSessions = { handle: number; backend: Backend };

/** Loads a translator or a transcriber through the model store, under the load watchdog. */
function loadSessions(
  core: ClientCore,
  load: (api: Remote<InferenceApi>) => Promise<LoadedSessions>,
  options: LoadOptions,
): Promise<LoadedSessions> {
  return core.throughStore(() => core.call(load, { timeoutMs: LOAD_WATCHDOG_MS, ...options }));
}

export interface TranslateClient {
  /** Loads a MarianMT translator from its files (fetched through the model store). */
  loadTranslator(files: TranslatorFiles, options?: LoadOptions): Promise<LoadedSessions>;
  /**
   * Translates text in the worker; `onPartial` gets the output so far as it grows. The
   * watchdog allows for long texts (a sentence of 20 tokens takes well under a second on WASM).
   */
  translate(
    handle: number,
    text: string,
    options?: CallOptions & { onPartial?: (text: string) => void },
  ): Promise<Translation>;
  /** Loads a Whisper transcriber from its files (fetched through the model store). */
  loadTranscriber(files: TranscriberFiles, options?: LoadOptions): Promise<LoadedSessions>;
  /**
   * Transcribes 16 kHz mono audio in the worker; `onPartial` gets the transcript so far as it
   * grows. The audio's buffer is transferred (the array is empty afterwards). The watchdog
   * grows with the audio's length.
   */
  transcribe(
    handle: number,
    audio: Float32Array,
    options?: CallOptions & TranscribeOptions & { onPartial?: (text: string) => void },
  ): Promise<Transcript>;
}

export const translateClient: TranslateClient & ThisType<ClientCore> = {
  loadTranslator(files, options = {}) {
    return loadSessions(this, (api) => api.loadTranslator(files, options.backend), options);
  },

  translate(handle, text, options = {}) {
    const { onPartial, ...call } = options;
    return this.call(
      (api, callId) => api.translate(handle, text, callId, onPartial ? proxy(onPartial) : undefined),
      { timeoutMs: TRANSLATE_WATCHDOG_MS + text.length * TRANSLATE_WATCHDOG_MS_PER_CHARACTER, ...call },
    );
  },

  loadTranscriber(files, options = {}) {
    return loadSessions(this, (api) => api.loadTranscriber(files, options.backend), options);
  },

  transcribe(handle, audio, options = {}) {
    const { onPartial, language, ...call } = options;
    const seconds = audio.length / TRANSCRIBE_SAMPLE_RATE;
    return this.call(
      (api, callId) =>
        api.transcribe(
          handle,
          transfer(audio, [audio.buffer as ArrayBuffer]),
          language === undefined ? {} : { language },
          callId,
          onPartial ? proxy(onPartial) : undefined,
        ),
      { timeoutMs: TRANSCRIBE_WATCHDOG_MS + seconds * TRANSCRIBE_WATCHDOG_MS_PER_AUDIO_SECOND, ...call },
    );
  },
};
