/**
 * "Transcribe an audio file": Whisper reads the file 30 s window by window (audio-file.ts), the
 * transcript grows after each window, progress says how far it is, and Cancel stops between or
 * inside a window. The first window's language (detected, or the one the person chose) holds
 * for the rest. When it is done, the transcript fills the text translator, ready to translate.
 */
import { batch, signal } from '@preact/signals';
import { inference, loadTranscriber } from '../../../runtime/models';
import { AppError, errorMessage, isAbortError } from '../../../shared/errors';
import { isLanguage, LANGUAGES } from '../shared/languages';
import { openAudioFile, type AudioFileWindows } from './audio-file';
import { languageName, SPEECH_MODEL_ID, type SpokenLanguage } from './speech-translate';
import type { TranslateSession } from './translate-session';

export type FileTranscriptionState =
  'idle' | 'reading' | 'loading' | 'transcribing' | 'done' | 'cancelled' | 'failed';

export class FileTranscription {
  readonly state = signal<FileTranscriptionState>('idle');
  readonly fileName = signal('');
  readonly durationSec = signal(0);
  readonly windowsDone = signal(0);
  readonly windowsTotal = signal(0);
  /** The words so far: finished windows, then the window being decoded. */
  readonly transcript = signal('');
  readonly language = signal<string | null>(null);
  readonly note = signal<string | null>(null);
  readonly error = signal<AppError | null>(null);

  private running: AbortController | null = null;

  constructor(
    private readonly translator: TranslateSession,
    private readonly spoken: () => SpokenLanguage,
  ) {}

  /** Transcribes `file` from its start; a file already in progress is cancelled. */
  async start(file: File): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.running = controller;
    const { signal: abort } = controller;
    batch(() => {
      this.state.value = 'reading';
      this.fileName.value = file.name;
      this.durationSec.value = 0;
      this.windowsDone.value = 0;
      this.windowsTotal.value = 0;
      this.transcript.value = '';
      this.language.value = null;
      this.note.value = null;
      this.error.value = null;
    });
    const texts: string[] = [];
    try {
      const audio: AudioFileWindows = await openAudioFile(file);
      if (abort.aborted) throw new DOMException('Cancelled', 'AbortError');
      batch(() => {
        this.durationSec.value = audio.durationSec;
        this.windowsTotal.value = audio.windows;
        this.state.value = 'loading';
      });
      const transcriber = await loadTranscriber(SPEECH_MODEL_ID);
      const chosen = this.spoken();
      let language: string | undefined = chosen === 'auto' ? undefined : chosen;
      for (let window = await audio.next(); window; window = await audio.next()) {
        if (abort.aborted) throw new DOMException('Cancelled', 'AbortError');
        this.state.value = 'transcribing';
        const before = texts.join(' ');
        const result = await inference().transcribe(transcriber.handle, window, {
          language,
          signal: abort,
          onPartial: (text) => {
            if (this.running === controller) this.transcript.value = join(before, text);
          },
        });
        language ??= result.language;
        texts.push(result.text.trim());
        batch(() => {
          this.transcript.value = join(before, result.text);
          this.language.value = language ?? null;
          this.windowsDone.value += 1;
        });
      }
      if (abort.aborted) throw new DOMException('Cancelled', 'AbortError');
      this.finish(texts.filter(Boolean).join(' '), language);
    } catch (error) {
      if (this.running !== controller) return;
      batch(() => {
        if (isAbortError(error)) this.state.value = 'cancelled';
        else {
          this.state.value = 'failed';
          this.error.value =
            error instanceof AppError
              ? error
              : new AppError('worker/failed', `The file could not be transcribed: ${errorMessage(error)}`);
        }
      });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  /** Stops the file in progress; what was transcribed so far stays on the page. */
  cancel(): void {
    this.running?.abort();
  }

  private finish(text: string, language: string | undefined): void {
    batch(() => {
      this.state.value = 'done';
      if (!text) {
        this.note.value = 'No words were recognised in this file.';
        return;
      }
      if (!language || !isLanguage(language)) {
        this.note.value = `That sounded like ${languageName(language ?? '')}, which is not translated here yet. Choose the spoken language if it was ${Object.values(LANGUAGES).join(', ')}.`;
        return;
      }
      this.translator.source.value = language;
      this.translator.input.value = text;
      this.note.value = 'The transcript is in the text box above: press Translate to translate it.';
    });
  }
}

const join = (before: string, text: string) => [before, text.trim()].filter(Boolean).join(' ');
