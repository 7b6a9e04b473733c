/**
 * Speech to translated text on the page. Each utterance the voice detector cuts is transcribed
 * by Whisper in the worker (the transcript streams in as it is decoded, with the language it
 * heard, or the one the person chose), then handed to the text translator, which translates it
 * into the chosen target language along the same route typed text takes. Utterances queue and
 * run one at a time, in order.
 */
import { batch, signal } from '@preact/signals';
import { inference, loadTranscriber } from '../../../runtime/models';
import { errorMessage, isAbortError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import type { Utterance } from '../shared/segmenter';
import { isLanguage, LANGUAGES, type Language } from '../shared/languages';
import type { Transcript } from '../shared/translation';
import type { TranslateSession } from './translate-session';

/** The registry id of the speech recognition model. */
export const SPEECH_MODEL_ID = 'whisper-tiny';

export type SpeechTranslateState =
  | 'idle'
  | 'loading'
  | 'transcribing'
  | 'translating'
  | 'done'
  /** An utterance waits for the speech model to be downloaded. */
  | 'needs-model'
  | 'cancelled'
  | 'failed';

/** The spoken language: detected from the audio, or fixed by the person. */
export type SpokenLanguage = Language | 'auto';

/** English names for the languages Whisper can report, including ones we cannot translate. */
export function languageName(code: string): string {
  if (isLanguage(code)) return LANGUAGES[code];
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export class SpeechTranslateSession {
  readonly spoken = signal<SpokenLanguage>('auto');
  readonly state = signal<SpeechTranslateState>('idle');
  /** The newest utterance's words, growing while Whisper decodes them. */
  readonly transcript = signal('');
  /** The language of the transcript, and whether it was detected (with its probability). */
  readonly heard = signal<{ language: string; detected: boolean; probability: number } | null>(null);
  /** The translation of the newest transcript (empty until it is done). */
  readonly translation = signal('');
  /** Something to tell the person that is not a failure (an untranslatable language, no words). */
  readonly note = signal<string | null>(null);
  readonly error = signal<string | null>(null);
  readonly stats = signal<(Transcript['stats'] & { backend: Backend }) | null>(null);
  /** Seconds of speech waiting in line behind the one being worked on. */
  readonly queuedSec = signal(0);

  private readonly queue: Utterance[] = [];
  private pending: Utterance | null = null;
  private running: AbortController | null = null;
  private draining = false;

  /**
   * @param translator The page's text translator: the transcript goes through it, so speech
   *   and typed text share one route, one output and one history.
   * @param modelReady Whether the speech model is stored on this device.
   */
  constructor(
    private readonly translator: TranslateSession,
    private readonly modelReady: () => boolean,
  ) {}

  /** Takes an utterance from the microphone; it is transcribed after those already waiting. */
  hear(utterance: Utterance): void {
    this.queue.push(utterance);
    this.updateQueued();
    void this.drain();
  }

  /** Transcribes the utterance that waited for the speech model, once it is stored. */
  resume(): void {
    const waiting = this.pending;
    if (!waiting || !this.modelReady()) return;
    this.pending = null;
    this.queue.unshift(waiting);
    this.updateQueued();
    void this.drain();
  }

  /** Stops the utterance in progress and drops those waiting. */
  cancel(): void {
    this.queue.length = 0;
    this.pending = null;
    this.updateQueued();
    this.running?.abort();
    this.translator.cancel();
  }

  private updateQueued(): void {
    this.queuedSec.value = this.queue.reduce((sum, u) => sum + u.samples.length / u.sampleRate, 0);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        this.updateQueued();
        await this.run(next);
      }
    } finally {
      this.draining = false;
    }
  }

  private async run(utterance: Utterance): Promise<void> {
    if (!this.modelReady()) {
      this.pending = utterance;
      batch(() => {
        this.state.value = 'needs-model';
        this.note.value = null;
        this.error.value = null;
      });
      return;
    }
    const controller = new AbortController();
    this.running = controller;
    batch(() => {
      this.state.value = 'loading';
      this.transcript.value = '';
      this.translation.value = '';
      this.heard.value = null;
      this.note.value = null;
      this.error.value = null;
    });
    try {
      const transcriber = await loadTranscriber(SPEECH_MODEL_ID);
      if (controller.signal.aborted) throw new DOMException('Cancelled', 'AbortError');
      this.state.value = 'transcribing';
      const spoken = this.spoken.value;
      const result = await inference().transcribe(transcriber.handle, utterance.samples, {
        language: spoken === 'auto' ? undefined : spoken,
        signal: controller.signal,
        onPartial: (text) => {
          if (this.running === controller) this.transcript.value = text;
        },
      });
      batch(() => {
        this.transcript.value = result.text;
        this.heard.value = {
          language: result.language,
          detected: result.detected,
          probability: result.languageProbability,
        };
        this.stats.value = { ...result.stats, backend: transcriber.backend };
      });
      await this.translate(result.text, result.language);
    } catch (error) {
      batch(() => {
        if (isAbortError(error)) this.state.value = 'cancelled';
        else {
          this.state.value = 'failed';
          this.error.value = `The speech could not be transcribed: ${errorMessage(error)}`;
        }
      });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  /** Hands the transcript to the text translator, or says why it is not translated. */
  private async translate(text: string, language: string): Promise<void> {
    const target = this.translator.target.value;
    if (!text || /^[\p{P}\s]*$/u.test(text)) {
      this.finish('No words were recognised. Speak a little closer to the microphone, or try again.');
      return;
    }
    if (!isLanguage(language)) {
      this.finish(
        `That sounded like ${languageName(language)}, which is not translated here yet. ` +
          `Choose the spoken language if it was ${Object.values(LANGUAGES).join(', ')}.`,
      );
      return;
    }
    batch(() => {
      this.translator.source.value = language;
      this.translator.input.value = text;
    });
    if (language === target) {
      this.translation.value = text;
      this.finish(`That was already ${LANGUAGES[target]}.`);
      return;
    }
    this.state.value = 'translating';
    const output = await this.translator.translate(text);
    batch(() => {
      if (output !== null) {
        this.translation.value = output;
        this.state.value = 'done';
      } else if (this.translator.state.value === 'cancelled') this.state.value = 'cancelled';
      else {
        this.state.value = 'failed';
        this.error.value = this.translator.error.value;
      }
    });
  }

  private finish(note: string): void {
    batch(() => {
      this.note.value = note;
      this.state.value = 'done';
    });
  }
}
