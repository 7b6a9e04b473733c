import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  BUILD_DIR,
  NEXT_BUILD_DIR,
  NEXT_BUILD_ID,
  startServer,
  testPort,
  waitForServiceWorker,
} from './helpers';

/** Copies a build into the served folder, the way a static host deploys it. */
function deploy(build: string, live: string): void {
  rmSync(live, { recursive: true, force: true });
  cpSync(build, live, { recursive: true });
}

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
    // What the browser does on its own schedule, and the app on focus: look for a new worker.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

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
