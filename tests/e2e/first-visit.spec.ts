/**
 * A first visit, before the service worker controls anything: the inference worker may fetch
 * model files straight from the server, past the model store. Whoever fetched them, no model
 * byte reaches a runtime unverified. Here every model file fetched outside the service worker
 * arrives zeroed (corrupted in transit); then the service worker's own downloads too.
 *
 * The Face page, forced to WebAssembly, must end within a minute either with the SHA-256 error
 * naming the file or with verified bytes and the right face count on WebAssembly, and must never
 * show another backend without saying it fell back.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page, type Route } from '@playwright/test';
import { REGISTRY_PATH } from '../../src/shared/model-hosts';
import { withOwnBrowser } from './camera-browser';
import { BUILD_DIR, startServer, testPort } from './helpers';
import { faceMedia, readPhotoSpecs } from '../media/face-media';

const PHOTO = 'five-portraits';
/** Well inside the test's own limit: the page must settle, one way or the other, by then. */
const SETTLE_MS = 60_000;

interface Corruption {
  /** Model file paths that were zeroed, and whether the service worker fetched them. */
  zeroed: { path: string; byServiceWorker: boolean }[];
}

/** Zeroes every model file (not the registry) fetched outside the service worker, or by anyone. */
async function corruptModelFiles(context: BrowserContext, alsoServiceWorker: boolean): Promise<Corruption> {
  const corruption: Corruption = { zeroed: [] };
  await context.route(
    (url) => url.pathname.startsWith('/models/') && url.pathname !== REGISTRY_PATH,
    async (route: Route) => {
      const byServiceWorker = route.request().serviceWorker() !== null;
      if (byServiceWorker && !alsoServiceWorker) return route.continue();
      const response = await route.fetch();
      const body = await response.body();
      corruption.zeroed.push({ path: new URL(route.request().url()).pathname, byServiceWorker });
      // Same length, every byte zero: only the content differs from the real file.
      return route.fulfill({ response, body: Buffer.alloc(body.length) });
    },
  );
  return corruption;
}

/** Waits until the photo's faces are counted or an error shows; returns which. */
async function settle(page: Page): Promise<'done' | 'error'> {
  const count = page.getByTestId('face-count');
  const error = page.getByTestId('model-error');
  await expect(count.and(page.locator('[data-state="done"]')).or(error)).toBeVisible({ timeout: SETTLE_MS });
  return (await error.isVisible()) ? 'error' : 'done';
}

/** A backend other than the forced one is shown only with the "Fell back from …" note. */
async function expectHonestBackend(page: Page, forced: string): Promise<void> {
  const shown = (await page.getByTestId('backend').textContent())?.trim() ?? '';
  if (shown && shown !== forced && shown !== '–')
    await expect(
      page.getByTestId('backend-note'),
      `shows ${shown} though ${forced} was forced`,
    ).toContainText('Fell back');
}

test.skip(({ isMobile }) => isMobile, 'the first visit is tested on one profile');

/** The build, deployed to a folder of its own: the visit sees one build from start to end. */
let site: { live: string; server: ChildProcess; origin: string };

test.beforeAll(async () => {
  const live = join(mkdtempSync(join(tmpdir(), 'offgrid-first-visit-')), 'site');
  cpSync(BUILD_DIR, live, { recursive: true });
  const port = testPort(test.info(), 5600);
  site = { live, server: await startServer(live, port), origin: `http://localhost:${port}` };
});

test.afterAll(() => {
  site.server.kill();
  rmSync(site.live, { recursive: true, force: true });
});

test('first visit: model files corrupted outside the service worker never reach a runtime, and WebAssembly stays honest', async ({
  page,
  context,
}) => {
  const corruption = await corruptModelFiles(context, false);
  const spec = readPhotoSpecs().find((s) => s.name === PHOTO)!;
  await page.goto(`${site.origin}/face?backend=wasm`);
  await page.getByTestId('image-input').setInputFiles(faceMedia().photos[PHOTO]!.path);
  const outcome = await settle(page);
  const outside = corruption.zeroed.map((z) => z.path).join(', ') || 'none';
  test
    .info()
    .annotations.push(
      { type: 'zeroed outside the service worker', description: outside },
      { type: 'outcome', description: outcome },
    );
  console.log(`${outcome}; zeroed outside the service worker: ${outside}`);
  if (outcome === 'error') {
    await expect(page.getByTestId('model-error')).toContainText('SHA-256');
  } else {
    const boxes = JSON.parse(
      (await page.getByTestId('face-count').getAttribute('data-boxes')) ?? '[]',
    ) as unknown[];
    expect(boxes).toHaveLength(spec.expectFound ?? spec.faces);
    await expect(page.getByTestId('backend')).toHaveText('wasm');
  }
  await expectHonestBackend(page, 'wasm');
});

test('first visit: when the service worker downloads corrupted files too, the SHA-256 error names the file', async ({
  page,
  context,
}) => {
  await corruptModelFiles(context, true);
  await page.goto(`${site.origin}/face?backend=wasm`);
  await page.getByTestId('image-input').setInputFiles(faceMedia().photos[PHOTO]!.path);
  expect(await settle(page)).toBe('error');
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('SHA-256');
  await expect(error).toContainText(/\/models\/blazeface-full\/[^ ]+\/blazeface-back\.(json|bin)/);
  await expect(page.getByTestId('face-count')).not.toHaveAttribute('data-state', 'done');
  await expectHonestBackend(page, 'wasm');
});

test('first visit with the camera on: the live view ends on WebAssembly with the face, or with the SHA-256 error', async () => {
  test.setTimeout(120_000);
  await withOwnBrowser({ video: faceMedia().videos.facePan.path }, site.origin, async (page) => {
    const corruption = await corruptModelFiles(page.context(), false);
    await page.goto('/face?backend=wasm');
    await page.getByRole('button', { name: 'Start camera' }).click();
    const count = page.getByTestId('face-count');
    const error = page.getByTestId('model-error');
    // The camera's first result, or the error: never "Loading…" with neither.
    await expect(count.and(page.locator('[data-frame]:not([data-frame="0"])')).or(error)).toBeVisible({
      timeout: SETTLE_MS,
    });
    const outcome = (await error.isVisible()) ? 'error' : 'done';
    console.log(
      `${outcome}; zeroed outside the service worker: ${corruption.zeroed.map((z) => z.path).join(', ')}`,
    );
    if (outcome === 'error') await expect(error).toContainText('SHA-256');
    else {
      await expect(page.getByTestId('backend')).toHaveText('wasm');
      await expect.poll(async () => Number(await count.textContent()), { timeout: SETTLE_MS }).toBe(1);
    }
    await expectHonestBackend(page, 'wasm');
  });
});
