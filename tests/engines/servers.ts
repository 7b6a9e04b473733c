/**
 * Servers a cross-engine test starts itself: an app build on a port of its own and, where
 * models download, the stand-in model host set in Settings as a person would.
 */
import type { TestInfo } from '@playwright/test';
import { startServer } from '../e2e/helpers';
import { startModelHost, type ModelHost } from '../e2e/model-host';
import { click, clickText, fill, textOf, waitFor, waitForServiceWorker } from './app';
import type { EnginePage } from './engine-page';

const PROJECTS = ['webkit', 'safari', 'firefox', 'chromium'];

/** A port apart per spec (`base`), worker and project; E2E_PORT_OFFSET moves them all. */
export function enginePort(testInfo: TestInfo, base: number): number {
  return (
    base +
    Number(process.env.E2E_PORT_OFFSET ?? 0) +
    testInfo.parallelIndex * 10 +
    PROJECTS.indexOf(testInfo.project.name) +
    1
  );
}

/** Serves `build` on its own port for `body`, then stops it (also when `body` throws). */
export async function withApp(
  testInfo: TestInfo,
  base: number,
  build: string,
  body: (origin: string, stop: () => void) => Promise<void>,
): Promise<void> {
  const port = enginePort(testInfo, base);
  const server = await startServer(build, port);
  const stop = () => server.kill();
  try {
    await body(`http://localhost:${port}`, stop);
  } finally {
    stop();
  }
}

/**
 * Serves `build` and a model host over `hostRoot`, sets that host in Settings once the service
 * worker controls the page, and runs `body`; stops both afterwards.
 */
export async function withModelHost(
  engine: EnginePage,
  testInfo: TestInfo,
  base: number,
  build: string,
  hostRoot: string,
  body: (origin: string, host: ModelHost) => Promise<void>,
): Promise<void> {
  await withApp(testInfo, base, build, async (origin) => {
    const host = await startModelHost(hostRoot, enginePort(testInfo, base) + 1000);
    try {
      await engine.goto(`${origin}/settings`);
      await waitForServiceWorker(engine);
      await fill(engine, '#model-host', host.url);
      await clickText(engine, 'Save');
      const saved = await textOf(engine, '[data-testid="download-settings"] [role="status"]');
      if (!saved.startsWith('Saved.')) throw new Error(`Settings did not save the model host: ${saved}`);
      await body(origin, host);
    } finally {
      await host.close();
    }
  });
}

/** Downloads a missing model from its notice on the Translate page. */
export async function downloadModel(engine: EnginePage, id: string): Promise<void> {
  const notice = `[data-testid="missing-model"][data-model-id="${id}"]`;
  await click(engine, `${notice} button`);
  await waitFor(engine, (notice) => !document.querySelector(notice), notice, {
    timeout: 120_000,
    message: `${id} to download`,
  });
}

/** Types `text`, presses Translate, and returns the finished translation (or throws the page's error). */
export async function translate(engine: EnginePage, text: string): Promise<string> {
  await fill(engine, '[data-testid="source-text"]', text);
  await click(engine, '[data-testid="translate-button"]');
  const output = await waitFor(
    engine,
    () => {
      const out = document.querySelector('[data-testid="translation-output"]');
      const error = document.querySelector('[data-testid="translate-error"]');
      if (error) return `error: ${error.textContent}`;
      return out?.getAttribute('data-state') === 'done' ? `done: ${out.textContent ?? ''}` : null;
    },
    undefined,
    { timeout: 120_000, message: 'the translation' },
  );
  if (!output.startsWith('done: ')) throw new Error(output);
  return output.slice('done: '.length);
}
