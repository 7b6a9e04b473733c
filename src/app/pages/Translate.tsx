import { PageHeader } from '../components/PageHeader';
import { DemoPlan } from '../components/DemoPlan';

export function Translate() {
  return (
    <>
      <PageHeader title="Translation" icon="translate">
        Type or speak, and read the translation, without a server. English to and from Spanish, French and
        German; other pairs go through English.
      </PageHeader>
      <DemoPlan
        features={[
          'Typed text, long documents included, with cancel',
          'Speech: voice detection, transcript, then translation',
          'Push-to-talk or hands-free',
          'Read the result aloud, and a history you can clear',
        ]}
        models={['Silero VAD', 'Whisper tiny', 'opus-mt en↔es', 'opus-mt en↔fr', 'opus-mt en↔de']}
        inputs="Your voice and text are turned into words and translated on this device. Language models are downloaded once, on request, and kept for offline use."
      />
    </>
  );
}
