import { useMemo } from 'preact/hooks';
import { PageHeader } from '../../../app/components/PageHeader';
import { SpeechTranslator } from './SpeechTranslator';
import { TextTranslator } from './TextTranslator';
import { TranslateSession } from './translate-session';
import './translate.css';

/** Translation: typed text and speech, translated on this device with opus-mt and Whisper models. */
export function TranslatePage() {
  // One translator for both: speech fills the text box and shares the route, output and history.
  const session = useMemo(() => new TranslateSession(), []);
  return (
    <>
      <PageHeader title="Translation" icon="translate">
        Type or speak, and read the translation, without a server. English to and from Spanish, French and
        German; other pairs go through English. Models are downloaded once, on request, and kept for offline
        use.
      </PageHeader>
      <TextTranslator session={session} />
      <SpeechTranslator translator={session} />
    </>
  );
}
