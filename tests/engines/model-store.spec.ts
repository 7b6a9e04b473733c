/**
 * The model store in WebKit and Firefox, through the service worker into IndexedDB: a corrupted
 * download fails its SHA-256 check with a clear message and stores nothing; a connection dropped
 * halfway keeps what arrived, and the retry asks only for the rest (Range) and completes.
 */
import { join } from 'node:path';
import { E2E_BUILD_DIR, FIXTURES_DIR } from '../e2e/helpers';
import { FIXTURE_ID, FIXTURE_MODEL_BYTES } from '../e2e/fixture-models';
import { waitFor, type WaitOptions } from './app';
import type { EnginePage } from './engine-page';
import { expect, test } from './fixtures';
import { withModelHost } from './servers';

const MODEL_FILE = 'model_quantized.onnx';
const ROW = `[data-testid="model-row"][data-model-id="${FIXTURE_ID}"]`;

/** The fixture's row state once it is `state` (or an error, whose code and text it returns). */
function rowState(engine: EnginePage, wanted: string, options: WaitOptions) {
  return waitFor(
    engine,
    ([row, wanted]) => {
      const el = document.querySelector(row);
      const state = el?.getAttribute('data-state');
      if (state !== wanted) return null;
      const error = el!.querySelector('[data-testid="model-error"]');
      return { state, code: error?.getAttribute('data-code') ?? '', text: error?.textContent ?? '' };
    },
    [ROW, wanted] as const,
    options,
  );
}

/** Clicks the fixture row's Download or Retry button. */
async function startDownload(engine: EnginePage): Promise<void> {
  await waitFor(
    engine,
    (row) => {
      const button = Array.from(document.querySelectorAll<HTMLButtonElement>(`${row} button`)).find(
        (b) => /^(Download|Retry)/.test((b.textContent ?? '').trim()) && !b.disabled,
      );
      button?.click();
      return Boolean(button);
    },
    ROW,
    { message: 'the Download or Retry button' },
  );
}

test('a corrupted download stores nothing; a dropped one resumes with Range', async ({
  engine,
  project,
}, testInfo) => {
  test.setTimeout(240_000);
  await withModelHost(
    engine,
    testInfo,
    4800,
    E2E_BUILD_DIR,
    join(FIXTURES_DIR, 'host'),
    async (origin, host) => {
      await engine.goto(`${origin}/models`);
      await rowState(engine, 'available', { timeout: 60_000, message: 'the fixture model, not stored' });

      host.faults.set(MODEL_FILE, { kind: 'flip-byte' });
      await startDownload(engine);
      const corrupt = await rowState(engine, 'error', { timeout: 120_000, message: 'the SHA-256 error' });
      expect(corrupt.code).toBe('model/hash-mismatch');
      expect(corrupt.text).toMatch(/SHA-256/);

      host.faults.set(MODEL_FILE, { kind: 'drop', at: 0.5 });
      await startDownload(engine);
      // The row shows the new error once the retry has failed (the previous one clears on retry).
      await waitFor(
        engine,
        (row) => !document.querySelector(`${row} [data-code="model/hash-mismatch"]`),
        ROW,
        {
          message: 'the retry to start',
        },
      );
      const dropped = await rowState(engine, 'error', {
        timeout: 120_000,
        message: 'the dropped connection',
      });
      expect(dropped.code).toBe('model/network');

      host.faults.clear();
      await startDownload(engine);
      await rowState(engine, 'stored', { timeout: 120_000, message: 'the stored model' });
      const last = host.requests.filter((r) => r.path.endsWith(MODEL_FILE)).at(-1)!;
      console.log(`[metric] ${project} resume: ${JSON.stringify(last)}`);
      expect(last.range).toBe(`bytes=${FIXTURE_MODEL_BYTES / 2}-`);
      expect(last.status).toBe(206);
      expect(last.bytesSent).toBe(FIXTURE_MODEL_BYTES / 2);
    },
  );
});
