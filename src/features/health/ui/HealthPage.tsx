import { PageHeader } from '../../../app/components/PageHeader';
import { JournalView } from './journal/JournalView';

/** Health tracking: heart rate, breathing rate and reps from the camera (or mic), and the journal. */
export function HealthPage() {
  return (
    <>
      <PageHeader title="Health tracking" icon="health">
        Heart rate and breathing from your front camera, exercise reps from your pose, and a journal that
        lives only in this browser.
      </PageHeader>
      <JournalView />
      <p class="fine disclaimer" data-testid="disclaimer">
        Offgrid is a wellness tool, not a medical device. Do not use it to diagnose or treat any condition.
      </p>
    </>
  );
}
