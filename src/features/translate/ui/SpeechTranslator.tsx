import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useAppState } from '../../../app/state/app-state';
import { LANGUAGES, type Language } from '../shared/languages';
import { LabelOptions } from '../../../app/components/SelectField';
import { AudioFileInput } from './AudioFileInput';
import { JobMessages } from './JobMessages';
import { FileTranscription } from './file-transcription';
import { MissingModel } from './MissingModel';
import { ReadAloud } from './ReadAloud';
import { SpeechInput } from './speech';
import {
  languageName,
  SPEECH_MODEL_ID,
  SpeechTranslateSession,
  type SpokenLanguage,
} from './speech-translate';
import type { TranslateSession } from './translate-session';

const STATUS: Partial<Record<string, string>> = {
  loading: 'Loading the speech model…',
  transcribing: 'Transcribing…',
  translating: 'Translating…',
  cancelled: 'Cancelled.',
};

/**
 * Speech → transcript → translation: the microphone card, with what Whisper heard (streamed as
 * it is decoded) and then its translation, which also fills the text translator above.
 */
export function SpeechTranslator({ translator }: { translator: TranslateSession }) {
  const { models } = useAppState();
  const model = models.registry.value?.models.find((m) => m.id === SPEECH_MODEL_ID);
  const stored = model ? models.rowState(model).state === 'stored' : false;
  const storedNow = useRef(stored);
  storedNow.current = stored;
  const session = useMemo(
    () => new SpeechTranslateSession(translator, () => storedNow.current),
    [translator],
  );
  const fileJob = useMemo(
    () => new FileTranscription(translator, () => session.spoken.value),
    [translator, session],
  );
  useEffect(
    () => () => {
      session.cancel();
      fileJob.cancel();
    },
    [session, fileJob],
  );
  // An utterance that waited for the model is transcribed as soon as the download finishes.
  useEffect(() => {
    if (stored) session.resume();
  }, [stored, session]);

  const state = session.state.value;
  const heard = session.heard.value;
  const stats = session.stats.value;
  const target = translator.target.value;
  const working = state === 'loading' || state === 'transcribing' || state === 'translating';
  // While translating, show the translator's output as it streams.
  const translation = state === 'translating' ? translator.output.value : session.translation.value;

  return (
    <>
      <SpeechInput onUtterance={(utterance) => session.hear(utterance)}>
        <div class="speech-result">
          <label class="inline-field">
            <span>Spoken language</span>
            <select
              data-testid="spoken-lang"
              value={session.spoken.value}
              onChange={(event) => (session.spoken.value = event.currentTarget.value as SpokenLanguage)}
            >
              <option value="auto">Detect it</option>
              <LabelOptions labels={LANGUAGES} />
            </select>
          </label>
          {!stored && <MissingModel id={SPEECH_MODEL_ID} purpose="speech recognition" />}
          {state === 'needs-model' && (
            <p class="fine" data-testid="speech-waiting">
              Your speech is kept here until the speech model is downloaded; it is then transcribed.
            </p>
          )}

          <div class="speech-pane">
            <p class="speech-label fine">
              You said
              {heard && (
                <span
                  data-testid="heard-language"
                  data-language={heard.language}
                  data-detected={heard.detected}
                >
                  {' '}
                  · {languageName(heard.language)}
                  {heard.detected ? ` (detected, ${Math.round(heard.probability * 100)}%)` : ''}
                </span>
              )}
            </p>
            <p
              class="speech-text"
              data-testid="transcript"
              data-state={state}
              lang={heard?.language}
              dir="auto"
              aria-live="polite"
            >
              {session.transcript.value || (
                <span class="fine">
                  {state === 'idle' ? 'What you say appears here.' : (STATUS[state] ?? '')}
                </span>
              )}
            </p>
          </div>
          <div class="speech-pane">
            <p class="speech-label fine">{LANGUAGES[target as Language]}</p>
            <p
              class="speech-text"
              data-testid="speech-translation"
              lang={target}
              dir="auto"
              aria-live="polite"
            >
              {translation || (
                <span class="fine">{working ? (STATUS[state] ?? '') : 'Its translation appears here.'}</span>
              )}
            </p>
          </div>
          {state === 'done' && session.translation.value && (
            <ReadAloud text={session.translation.value} language={target} testId="speech-read-aloud" />
          )}
          {working && (
            <button type="button" class="button" onClick={() => session.cancel()}>
              Cancel
            </button>
          )}
          {session.queuedSec.value > 0 && (
            <p class="fine">{session.queuedSec.value.toFixed(1)} s of speech waiting to be transcribed.</p>
          )}
          <JobMessages note={session.note.value} error={session.error.value} testId="speech" />
          {stats && (
            <p
              class="fine"
              data-testid="speech-stats"
              data-backend={stats.backend}
              data-audio-ms={stats.audioMs.toFixed(0)}
              data-total-ms={stats.totalMs.toFixed(1)}
            >
              Whisper on <span data-testid="speech-backend">{stats.backend}</span> ·{' '}
              {(stats.audioMs / 1000).toFixed(1)} s of speech in {stats.totalMs.toFixed(0)} ms (features{' '}
              {stats.featuresMs.toFixed(0)} ms, encoder {stats.encoderMs.toFixed(0)} ms, first word{' '}
              {stats.firstTokenMs.toFixed(0)} ms)
            </p>
          )}
        </div>
      </SpeechInput>
      <AudioFileInput job={fileJob} ready={stored} />
    </>
  );
}
