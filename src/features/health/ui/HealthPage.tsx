import { useState } from 'preact/hooks';
import { PageHeader } from '../../../app/components/PageHeader';
import { JournalView } from './journal/JournalView';
import { RepsView } from './RepsView';
import { VitalsView } from './VitalsView';
import './health.css';

type View = 'vitals' | 'reps';

const VIEWS: Record<View, string> = { vitals: 'Heart & breathing', reps: 'Exercise reps' };

/** Health tracking: heart rate, breathing rate and reps from the camera (or mic), and the journal. */
export function HealthPage() {
  const [view, setView] = useState<View>('vitals');
  return (
    <>
      <PageHeader title="Health tracking" icon="health">
        Heart rate and breathing from your front camera, exercise reps from your pose, and a journal that
        lives only in this browser. Video is reduced to a few numbers per frame on this device.
      </PageHeader>
      <div class="segmented" role="tablist" aria-label="Measurement">
        {(Object.keys(VIEWS) as View[]).map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={view === key}
            class={view === key ? 'is-active' : ''}
            data-testid={`health-tab-${key}`}
            onClick={() => setView(key)}
          >
            {VIEWS[key]}
          </button>
        ))}
      </div>
      {view === 'vitals' ? <VitalsView /> : <RepsView />}
      <JournalView />
      <p class="fine disclaimer" data-testid="disclaimer">
        Offgrid is a wellness tool, not a medical device. Its readings can be wrong; do not use them to
        diagnose or treat any condition. If you feel unwell, contact a doctor.
      </p>
    </>
  );
}
