import { useSignal } from '@preact/signals';
import { Icon } from '../../../app/components/Icon';
import { availableVoices, chooseVoice, speak, type VoiceChoice } from '../../../media/voices';
import { LANGUAGES, type Language } from '../shared/languages';
import { errorMessage } from '../../../shared/errors';

type Notice =
  { kind: 'remote'; voice: SpeechSynthesisVoice } | { kind: 'none' } | { kind: 'failed'; message: string };

/**
 * Reads a translation aloud with a voice on this device. When the only voice for the language
 * runs on a server, it says so and reads only if the person then chooses that voice.
 */
export function ReadAloud({ text, language, testId }: { text: string; language: Language; testId: string }) {
  const speaking = useSignal(false);
  const notice = useSignal<Notice | null>(null);
  const name = LANGUAGES[language];

  const read = async (voice: SpeechSynthesisVoice) => {
    notice.value = null;
    speaking.value = true;
    try {
      await speak(text, voice);
    } catch (error) {
      notice.value = { kind: 'failed', message: errorMessage(error) };
    } finally {
      speaking.value = false;
    }
  };

  const start = async () => {
    if (typeof speechSynthesis === 'undefined') {
      notice.value = { kind: 'none' };
      return;
    }
    const choice: VoiceChoice = chooseVoice(await availableVoices(), language);
    if (choice.kind === 'local') await read(choice.voice);
    else notice.value = choice;
  };

  const current = notice.value;
  return (
    <div class="read-aloud" data-testid={testId}>
      {speaking.value ? (
        <button
          type="button"
          class="button"
          onClick={() => {
            speechSynthesis.cancel();
            speaking.value = false;
          }}
        >
          <Icon name="stop" size={18} /> Stop reading
        </button>
      ) : (
        <button type="button" class="button" disabled={!text} onClick={() => void start()}>
          <Icon name="speaker" size={18} /> Read aloud
        </button>
      )}
      {current?.kind === 'remote' && (
        <p class="notice fine" role="status" data-testid="voice-notice" data-kind="remote">
          <span>
            The only {name} voice here, “{current.voice.name}”, is not on this device: the browser would send
            the text to its server to be spoken.{' '}
            <button type="button" class="button ghost" onClick={() => void read(current.voice)}>
              Read it with that voice anyway
            </button>
          </span>
        </p>
      )}
      {current?.kind === 'none' && (
        <p class="notice fine" role="status" data-testid="voice-notice" data-kind="none">
          This device has no {name} voice to read with. You can add one in the system’s speech or language
          settings.
        </p>
      )}
      {current?.kind === 'failed' && (
        <p class="error fine" role="alert" data-testid="voice-notice" data-kind="failed">
          {current.message}
        </p>
      )}
    </div>
  );
}
