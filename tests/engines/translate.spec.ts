/**
 * Translation in WebKit and Firefox on the project's tiny opus-mt stand-ins: the model host is
 * set in Settings, the missing pair downloads through the service worker's model store (SHA-256
 * checked), and typed text translates on WebAssembly to the generator's own numpy decoding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, TRANSLATE_BUILD_DIR, startServer } from '../e2e/helpers';
import { startModelHost } from '../e2e/model-host';
import { TINY_DIR } from '../e2e/translate-models';
import {
  click,
  clickText,
  fill,
  pageErrors,
  recordErrors,
  select,
  textOf,
  waitFor,
  waitForServiceWorker,
} from './app';
import { expect, test } from './fixtures';

type Pairs = Record<string, { cases: { text: string; translation: string }[] }>;
const pairs = (
  JSON.parse(readFileSync(join(TINY_DIR, 'expected.json'), 'utf8')) as { marian: { pairs: Pairs } }
).marian.pairs;

test('a missing pair downloads through the model store and translates typed text', async ({
  engine,
  project,
}, testInfo) => {
  test.setTimeout(240_000);
  const port =
    4700 +
    Number(process.env.E2E_PORT_OFFSET ?? 0) +
    testInfo.parallelIndex * 10 +
    (project === 'firefox' ? 1 : 2);
  const server = await startServer(TRANSLATE_BUILD_DIR, port);
  const host = await startModelHost(join(FIXTURES_DIR, 'translate-host'), port + 1000);
  try {
    const origin = `http://localhost:${port}`;
    await engine.goto(`${origin}/settings`);
    await waitForServiceWorker(engine);
    await fill(engine, '#model-host', host.url);
    await clickText(engine, 'Save');
    await textOf(
      engine,
      '[data-testid="download-settings"] [role="status"], [data-testid="download-settings"] .ok',
    );
    await engine.goto(`${origin}/translate?backend=wasm`);
    await recordErrors(engine);
    await select(engine, '[data-testid="source-lang"]', 'en');
    await select(engine, '[data-testid="target-lang"]', 'de');
    await click(engine, '[data-testid="missing-model"][data-model-id="opus-mt-en-de"] button');
    await waitFor(
      engine,
      () => !document.querySelector('[data-testid="missing-model"][data-model-id="opus-mt-en-de"]'),
      undefined,
      {
        timeout: 120_000,
        message: 'the pair to download',
      },
    );
    const { text, translation } = pairs['opus-mt-en-de']!.cases[0]!;
    await fill(engine, '[data-testid="source-text"]', text);
    await click(engine, '[data-testid="translate-button"]');
    const output = await waitFor(
      engine,
      () => {
        const out = document.querySelector('[data-testid="translation-output"]');
        const error = document.querySelector('[data-testid="translate-error"]');
        if (error) return `error: ${error.textContent}`;
        return out?.getAttribute('data-state') === 'done' ? (out.textContent ?? '') : null;
      },
      undefined,
      { timeout: 120_000, message: 'the translation' },
    );
    expect(output).toBe(translation);
    expect(
      await textOf(
        engine,
        '[data-testid="translate-stats"] [data-testid="backend"], [data-testid="backend"]',
      ),
    ).toBe('wasm');
    expect(host.requests.length, 'the files came from the model host').toBeGreaterThan(0);
    expect(await pageErrors(engine)).toEqual([]);
  } finally {
    await host.close();
    server.kill();
  }
});
