import { PageHeader } from '../../../app/components/PageHeader';
import { SpeechInput } from './speech';
import { TextTranslator } from './TextTranslator';
import './translate.css';

/** Translation: typed text (and speech) translated on this device with opus-mt models. */
export function TranslatePage() {
  return (
    <>
      <PageHeader title="Translation" icon="translate">
        Type or speak, and read the translation, without a server. English to and from Spanish, French and
        German; other pairs go through English. Models are downloaded once, on request, and kept for offline
        use.
      </PageHeader>
      <TextTranslator />
      <SpeechInput />
    </>
  );
}
