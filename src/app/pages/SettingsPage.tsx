import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { PageHeader } from '../components/PageHeader';
import { CapabilitiesPanel } from '../components/CapabilitiesPanel';
import { DownloadSettings } from '../components/DownloadSettings';
import { BackendSetting } from '../components/BackendSetting';
import { serviceWorkerVersion } from '../sw-client';

export function SettingsPage() {
  const swBuild = useSignal<string | null>(null);
  useEffect(() => {
    void serviceWorkerVersion().then((answer) => {
      swBuild.value = answer
        ? `${answer.version} (${answer.build}), stored on this device`
        : 'Not stored yet: this browser has no offline copy of the app.';
    });
  }, []);
  return (
    <>
      <PageHeader title="Settings" icon="settings">
        What this device can run, and how Offgrid uses it.
      </PageHeader>
      <section class="card" aria-labelledby="caps-heading">
        <h2 id="caps-heading">This device</h2>
        <p class="muted">
          Checked once when the app starts. Offgrid picks the fastest backend that works and always shows
          which one ran.
        </p>
        <CapabilitiesPanel />
        <BackendSetting />
      </section>
      <section class="card" aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">Downloads</h2>
        <DownloadSettings />
      </section>
      <section class="card" aria-labelledby="about-heading">
        <h2 id="about-heading">About</h2>
        <dl class="facts">
          <div>
            <dt>Version</dt>
            <dd data-testid="app-version">
              {__APP_VERSION__} ({__BUILD_ID__})
            </dd>
          </div>
          <div>
            <dt>Offline copy</dt>
            <dd>{swBuild.value ?? '…'}</dd>
          </div>
          <div>
            <dt>Theme</dt>
            <dd>Follows your system's light or dark setting.</dd>
          </div>
        </dl>
      </section>
    </>
  );
}
