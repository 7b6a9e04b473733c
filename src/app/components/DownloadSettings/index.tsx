import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { DEFAULT_MODEL_HOST, normaliseModelHost } from '../../../shared/model-hosts';
import {
  modelHost,
  setModelHost,
  setWaitThresholdBytes,
  waitThresholdBytes,
} from '../../../runtime/model-store-client';
import { errorMessage } from '../../../shared/errors';

const MB = 1_000_000;

/** Where remote models come from, and when large downloads wait for Wi-Fi or charging. */
export function DownloadSettings() {
  const host = useSignal('');
  const thresholdMb = useSignal('');
  const message = useSignal<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void Promise.all([modelHost(), waitThresholdBytes()]).then(([h, t]) => {
      host.value = h;
      thresholdMb.value = String(t / MB);
    });
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const normalised = normaliseModelHost(host.value);
      const mb = Number(thresholdMb.value);
      if (!Number.isFinite(mb) || mb < 0)
        throw new TypeError('The download size limit must be a number of megabytes, 0 or more.');
      await setModelHost(normalised);
      await setWaitThresholdBytes(Math.round(mb * MB));
      host.value = normalised;
      message.value = { ok: true, text: 'Saved. New downloads use these settings.' };
    } catch (error) {
      message.value = { ok: false, text: errorMessage(error) };
    }
  };

  return (
    <form onSubmit={save} data-testid="download-settings">
      <div class="field">
        <label for="model-host">Model host</label>
        <input
          id="model-host"
          name="model-host"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          value={host.value}
          onInput={(e) => (host.value = e.currentTarget.value)}
        />
        <span class="hint">
          Remote models (translation, speech) download from here at pinned revisions. Default:{' '}
          {DEFAULT_MODEL_HOST}. A mirror must use the same <code>repo/resolve/revision/file</code> layout.
        </span>
      </div>
      <div class="field">
        <label for="wait-threshold">
          Ask before downloading more than (MB) on mobile data or low battery
        </label>
        <input
          id="wait-threshold"
          name="wait-threshold"
          type="number"
          min="0"
          step="1"
          inputMode="numeric"
          value={thresholdMb.value}
          onInput={(e) => (thresholdMb.value = e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="button primary">
        Save
      </button>
      {message.value && (
        <p class={message.value.ok ? 'muted' : 'error'} role={message.value.ok ? 'status' : 'alert'}>
          {message.value.text}
        </p>
      )}
    </form>
  );
}
