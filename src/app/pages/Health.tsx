import { PageHeader } from '../components/PageHeader';
import { DemoPlan } from '../components/DemoPlan';

export function Health() {
  return (
    <>
      <PageHeader title="Health tracking" icon="health">
        Heart rate and breathing from your front camera, exercise reps from your pose, and a journal that
        lives only in this browser.
      </PageHeader>
      <DemoPlan
        features={[
          'Heart rate from subtle skin colour changes, with a quality check',
          'Breathing rate from motion or from the microphone',
          'Squats and jumping jacks counted from your pose',
          'Journal with trend charts, CSV and JSON export',
        ]}
        models={['FaceMesh', 'MoveNet Lightning']}
        inputs="Video is reduced to a few numbers per frame on this device. Measurements are saved in this browser's storage and leave it only when you export them."
      />
      <p class="fine disclaimer">
        Offgrid is a wellness tool, not a medical device. Do not use it to diagnose or treat any condition.
      </p>
    </>
  );
}
