/**
 * The cross-engine test fixture: `engine` is a fresh WebKit, Safari-profile WebKit or Firefox
 * (by Playwright project name) with an empty profile; `origin` is the e2e server. A failed test
 * leaves a screenshot of the page in its output folder.
 */
import { test as base } from '@playwright/test';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClosedError, type EngineName, type EnginePage } from './engine-page';
import { CHROMIUM_FLAGS, findChromium } from '../e2e/browser';
import { launchChromium, launchFirefox } from './puppeteer';
import { launchWebKit } from './webkit';

/** Playwright project names of the cross-engine suite. */
export type EngineProject = 'webkit' | 'safari' | 'firefox' | 'chromium';

export const test = base.extend<{ engine: EnginePage; origin: string; project: EngineProject }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies this way
  project: async ({}, use, testInfo) => {
    await use(testInfo.project.name as EngineProject);
  },
  engine: async ({ project }, use, testInfo) => {
    // A retry runs only after the engine itself closed under the last try (see the config).
    const closedMarker = join(tmpdir(), `offgrid-engine-closed-${testInfo.testId}`);
    const closedLastTry = existsSync(closedMarker);
    // Taken on every start, so a marker left by an earlier run never lets a retry through.
    rmSync(closedMarker, { force: true });
    if (testInfo.retry > 0 && !closedLastTry)
      throw new Error('Not retried: the last try failed on its own, not because the engine closed.');
    const page =
      project === 'firefox'
        ? await launchFirefox()
        : project === 'chromium'
          ? await launchChromium(findChromium(), CHROMIUM_FLAGS)
          : await launchWebKit(project);
    try {
      await use(page);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await page.screenshot(testInfo.outputPath('failure.png')).catch(() => undefined);
        const log = page.engineLog?.();
        if (log) await testInfo.attach('engine-log', { body: log, contentType: 'text/plain' });
        if (testInfo.errors.some((e) => e.message?.includes(EngineClosedError.PREFIX))) {
          writeFileSync(closedMarker, '');
          console.log(
            `[engine-closed] ${project}: ${testInfo.title}: ${testInfo.errors[0]?.message?.split('\n')[0]}`,
          );
        }
      }
      await page.close();
    }
  },
  origin: async ({ baseURL }, use) => {
    await use(baseURL!);
  },
});

export const expect = test.expect;

export function engineOf(project: EngineProject): EngineName {
  return project === 'safari' ? 'webkit' : project;
}
