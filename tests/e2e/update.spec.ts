import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  BUILD_DIR,
  deploy,
  NEXT_BUILD_DIR,
  NEXT_BUILD_ID,
  startServer,
  testPort,
  waitForServiceWorker,
} from './helpers';

/** How many times the test looks for the new version before it gives up. */
const UPDATE_CHECKS = 3;

test('a new deployed version shows the update banner and never reloads by itself', async ({
  page,
}, testInfo) => {
  const live = join(mkdtempSync(join(tmpdir(), 'offgrid-update-')), 'site');
  const port = testPort(testInfo, 4300);
  deploy(BUILD_DIR, live);
  const server = await startServer(live, port);
  try {
    const origin = `http://localhost:${port}`;
    await page.goto(`${origin}/settings`);
    await waitForServiceWorker(page);
    const firstBuild = await page.getByTestId('app-version').textContent();
    expect(firstBuild).not.toContain(NEXT_BUILD_ID);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);

    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.evaluate(() => ((window as Window & { stillHere?: boolean }).stillHere = true));

    deploy(NEXT_BUILD_DIR, live);
    // What the browser does on its own schedule, and the app on focus: look for a new worker. A
    // check can fail on its own (on a loaded machine Chromium once reported "An unknown error
    // occurred when fetching the script", with the new files in place); the browser and the app
    // then simply check again later, and so does this test, a few times, saying so.
    for (let attempt = 1; ; attempt += 1) {
      const failure = await page.evaluate(async () => {
        try {
          await (await navigator.serviceWorker.getRegistration())?.update();
          return null;
        } catch (error) {
          return String(error);
        }
      });
      if (failure === null) break;
      console.log(`[update] check ${attempt} failed: ${failure}`);
      if (attempt === UPDATE_CHECKS) throw new Error(`Every update check failed; the last: ${failure}`);
      await page.waitForTimeout(1000);
    }

    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Update available');
    // Give a self-reload every chance to happen; none may.
    await page.waitForTimeout(1500);
    expect(navigations).toBe(0);
    expect(await page.evaluate(() => (window as Window & { stillHere?: boolean }).stillHere)).toBe(true);
    await expect(page.getByTestId('app-version')).toHaveText(firstBuild!);

    // The user chooses the moment: Reload brings in the new version.
    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByTestId('app-version')).toContainText(NEXT_BUILD_ID);
    expect(navigations).toBe(1);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
  } finally {
    server.kill();
    rmSync(live, { recursive: true, force: true });
  }
});
