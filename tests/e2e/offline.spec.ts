/**
 * Offline, installed: every page reloads (pwa.spec.ts), and here every demo whose models are
 * stored runs with the network gone: face on a photo and on the camera, the heart-rate view, the
 * workout view and the voice detector. No request may fail, and none may reach the network.
 *
 * And without cross-origin isolation (a host that drops COOP/COEP): WebAssembly runs on one
 * thread, gives the same output, and Settings says why.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { withOwnBrowser } from './camera-browser';
import { BUILD_DIR, goOffline, startServer, testPort, waitForServiceWorker } from './helpers';
import { faceMedia } from '../media/face-media';

test.skip(({ isMobile }) => isMobile, 'one profile is enough: these run every demo');
test.setTimeout(300_000);

const media = faceMedia();
const BUNDLED = ['blazeface-full', 'blazeface-short', 'facemesh', 'movenet-lightning', 'silero-vad'];

/** Requests that failed, and responses that came from the network rather than the service worker. */
function watchRequests(page: Page): { failed: string[]; fromNetwork: string[] } {
  const seen = { failed: [] as string[], fromNetwork: [] as string[] };
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    // Chromium cancels its own favicon fetch when the next navigation starts; not the app failing.
    if (error === 'net::ERR_ABORTED' && request.url().endsWith('/icons/icon.svg')) return;
    seen.failed.push(`${request.url()} ${request.resourceType()} ${error}`);
  });
  page.on('response', (response) => {
    if (
      !response.fromServiceWorker() &&
      !response.url().startsWith('blob:') &&
      !response.url().startsWith('data:')
    )
      seen.fromNetwork.push(response.url());
  });
  return seen;
}

test('installed and offline, every demo with stored models runs, and no request fails or leaves', async ({
  baseURL,
}) => {
  await withOwnBrowser({ video: media.videos.facePan.path }, baseURL, async (page) => {
    // Install: the service worker stores every bundled model.
    await page.goto('/models');
    await waitForServiceWorker(page);
    for (const id of BUNDLED) {
      await expect(page.locator(`[data-testid="model-row"][data-model-id="${id}"]`)).toHaveAttribute(
        'data-state',
        'stored',
        { timeout: 120_000 },
      );
    }
    const seen = watchRequests(page);
    const context = page.context();
    await context.setOffline(true);

    // Face: a photo, then the camera.
    await page.goto('/face?backend=wasm');
    await goOffline(context);
    const count = page.getByTestId('face-count');
    await page.getByTestId('image-input').setInputFiles(media.photos['one-man']!.path);
    await expect(count).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(count).toHaveText('1');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect.poll(async () => Number(await count.textContent()), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('backend')).toHaveText('wasm');

    // Health: the heart-rate view (detector and mesh), then the workout view (MoveNet).
    await page.goto('/health?backend=wasm');
    await goOffline(context);
    await page.getByTestId('start-measurement').click();
    await expect(page.getByTestId('vitals-stats')).toHaveAttribute('data-backend', 'wasm', {
      timeout: 120_000,
    });
    await page.getByRole('button', { name: 'Finish now' }).click();
    await expect(page.getByTestId('measurement-result')).toBeVisible();
    await page.getByTestId('health-tab-reps').click();
    await page.getByTestId('start-workout').click();
    await expect(page.getByTestId('reps-stats')).toHaveAttribute('data-backend', 'wasm', {
      timeout: 120_000,
    });
    await page.getByTestId('finish-workout').click();

    // Translate: the voice detector on the microphone (Whisper and the pairs are not bundled).
    await page.goto('/translate');
    await goOffline(context);
    await page.getByTestId('speech-mode-hands-free').check({ force: true });
    await page.getByTestId('mic-button').click();
    await expect(page.getByTestId('vad-segments')).toHaveAttribute('data-backend', 'wasm', {
      timeout: 120_000,
    });
    await expect(page.getByTestId('mic-error')).toHaveCount(0);

    expect(seen.failed).toEqual([]);
    expect(seen.fromNetwork).toEqual([]);
  });
});

test('without cross-origin isolation, WebAssembly runs on one thread, gives the same output, and Settings says so', async ({
  page,
}, testInfo) => {
  const reference = await faceOnPhoto(page, '');
  // The same build on a host that does not send COOP and COEP.
  const live = join(mkdtempSync(join(tmpdir(), 'offgrid-no-coi-')), 'site');
  cpSync(BUILD_DIR, live, { recursive: true });
  const headers = join(live, '_headers');
  writeFileSync(
    headers,
    readFileSync(headers, 'utf8')
      .split('\n')
      .filter((line) => !/Cross-Origin-(Opener|Embedder)-Policy/.test(line))
      .join('\n'),
  );
  const port = testPort(testInfo, 4800);
  const server = await startServer(live, port);
  try {
    const origin = `http://localhost:${port}`;
    await page.goto(`${origin}/settings`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const panel = page.getByTestId('capabilities');
    await expect(panel.locator('[data-cap="cross-origin-isolated"]')).toHaveAttribute('data-ok', 'false');
    const threads = panel.locator('[data-cap="wasm-threads"]');
    await expect(threads).toHaveAttribute('data-ok', 'false');
    await expect(threads).toContainText(/one thread|single/i);
    // The same faces, the same boxes, on one thread.
    expect(await faceOnPhoto(page, origin)).toEqual(reference);
    // onnxruntime-web, single-threaded: the voice detector on the microphone, on WebAssembly.
    await page.goto(`${origin}/translate`);
    await page.getByTestId('speech-mode-hands-free').check({ force: true });
    await page.getByTestId('mic-button').click();
    const vad = page.getByTestId('vad-segments');
    await expect(vad).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
    await expect.poll(async () => Number(await vad.getAttribute('data-analysed'))).toBeGreaterThan(0);
    await expect(page.getByTestId('mic-error')).toHaveCount(0);
  } finally {
    server.kill();
    rmSync(live, { recursive: true, force: true });
  }
});

/** The boxes found on one photo on WebAssembly, at `origin` ('' for the test server). */
async function faceOnPhoto(page: Page, origin: string): Promise<string | null> {
  await page.goto(`${origin}/face?backend=wasm`);
  const count = page.getByTestId('face-count');
  await page.getByTestId('image-input').setInputFiles(media.photos['one-man']!.path);
  await expect(count).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  return count.getAttribute('data-boxes');
}
