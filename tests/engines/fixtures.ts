/**
 * The cross-engine test fixture: `engine` is a fresh WebKit, Safari-profile WebKit or Firefox
 * (by Playwright project name) with an empty profile; `origin` is the e2e server. A failed test
 * leaves a screenshot of the page in its output folder.
 */
import { test as base } from '@playwright/test';
import type { EngineName, EnginePage } from './engine-page';
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
    const page =
      project === 'firefox'
        ? await launchFirefox()
        : project === 'chromium'
          ? await launchChromium(findChromium(), CHROMIUM_FLAGS)
          : await launchWebKit(project);
    try {
      await use(page);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus)
        await page.screenshot(testInfo.outputPath('failure.png')).catch(() => undefined);
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
