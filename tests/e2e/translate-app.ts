/**
 * The translation tests' app: the dist-e2e-translate build on its own port, with a local stand-in
 * for the model host holding the tiny models (translate-models.ts), set in Settings as a person
 * would; and downloading a model from the page's "missing model" notice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { formatBytes } from '../../src/shared/format';
import {
  FIXTURES_DIR,
  TRANSLATE_BUILD_DIR,
  setModelHost,
  startServer,
  testPort,
  waitForServiceWorker,
} from './helpers';
import { startModelHost, type ModelHost } from './model-host';
import { TINY_DIR } from './translate-models';

const sizes = JSON.parse(readFileSync(join(TINY_DIR, 'manifest-sizes.json'), 'utf8')) as Record<
  string,
  { bytes: number }[]
>;
export const modelBytes = (id: string) => sizes[id]!.reduce((sum, f) => sum + f.bytes, 0);

/** Serves the translate build and the model host, sets the host, opens /translate, runs `body`. */
export async function openTranslate(
  page: Page,
  testInfo: TestInfo,
  body: (host: ModelHost, origin: string) => Promise<void>,
  portBase = 4600,
): Promise<void> {
  const port = testPort(testInfo, portBase);
  const server = await startServer(TRANSLATE_BUILD_DIR, port);
  const host = await startModelHost(join(FIXTURES_DIR, 'translate-host'), port + 1000);
  try {
    const origin = `http://localhost:${port}`;
    await page.goto(`${origin}/settings`);
    await waitForServiceWorker(page);
    await setModelHost(page, host.url);
    await page.goto(`${origin}/translate?backend=wasm`);
    await body(host, origin);
  } finally {
    await host.close();
    server.kill();
  }
}

/** Downloads a missing model from its notice, checking the size it names. */
export async function downloadModel(page: Page, id: string): Promise<void> {
  const missing = page.locator(`[data-testid="missing-model"][data-model-id="${id}"]`);
  await expect(missing).toContainText(formatBytes(modelBytes(id)));
  await missing.getByRole('button', { name: /Download/ }).click();
  await expect(missing).toHaveCount(0, { timeout: 60_000 });
}

export async function chooseLanguages(page: Page, source: string, target: string): Promise<void> {
  await page.getByTestId('source-lang').selectOption(source);
  await page.getByTestId('target-lang').selectOption(target);
}
