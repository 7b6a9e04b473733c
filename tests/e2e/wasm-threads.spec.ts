/**
 * tfjs's WebAssembly backend on threads, under the app's CSP and Trusted Types: the face page on
 * ?backend=wasm runs BlazeFace on every core of a device with 4 or more (one thread on fewer,
 * src/worker/engines/tfjs-threads.ts), `?threads=2` asks for two on any cross-origin isolated
 * page, the threads start from the self-hosted scripts under /runtime/tfjs/ (never blob:), no
 * context reports a violation, and the boxes are the ones a single thread finds (the same page
 * served without COOP/COEP).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { VIOLATION_PREFIX } from '../../src/shared/policy-violations';
import { TFJS_THREAD_WORKER } from '../../src/shared/security-policy';
import { faceMedia } from '../media/face-media';

test.skip(({ isMobile }) => isMobile, 'engine behaviour is tested on one profile');

const media = faceMedia();
/** tfjs's thread pool holds this many workers; it never runs more threads. */
const MAX_THREADS = 8;
/** One thread and many run the same kernels on the same pixels: boxes agree to rounding. */
const MAX_BOX_DIFF_PX = 0.5;
const MAX_SCORE_DIFF = 1e-3;

type BoxRow = [x: number, y: number, width: number, height: number, score: number];

/** Console errors of the page and of every worker it starts (threads too), and the worker URLs. */
function recordContexts(page: Page) {
  const errors: string[] = [];
  const workers: string[] = [];
  const onConsole = (where: string) => (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') errors.push(`${where}: ${message.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('worker', (worker) => {
    workers.push(worker.url());
    worker.on('console', onConsole(`worker ${worker.url()}`));
  });
  return { errors, workers };
}

/** Opens the five-portraits photo on /face?backend=wasm; returns the boxes and the thread count. */
async function detectOnWasm(page: Page, query = ''): Promise<{ boxes: BoxRow[]; threads: number }> {
  await page.goto(`/face?backend=wasm${query}`);
  const count = page.getByTestId('face-count');
  await page.getByTestId('image-input').setInputFiles(media.photos['five-portraits']!.path);
  await expect(count).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const backend = page.getByTestId('backend');
  await expect(backend).toHaveText('wasm');
  await expect(backend).toHaveAttribute('data-threads', /^\d+$/);
  return {
    boxes: JSON.parse((await count.getAttribute('data-boxes')) ?? '[]') as BoxRow[],
    threads: Number(await backend.getAttribute('data-threads')),
  };
}

/** Serves every response without COOP and COEP: the page is not cross-origin isolated. */
async function withoutIsolation(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}

test('BlazeFace on WebAssembly runs on threads, from self-hosted thread scripts, with the boxes of one thread and no policy violation', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  // Without ?threads: every core where there are 4 or more, else one.
  const automatic = recordContexts(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect((await detectOnWasm(page)).threads, `threads on ${cores} cores`).toBe(
    cores >= 4 ? Math.min(cores, MAX_THREADS) : 1,
  );
  expect(automatic.errors.filter((line) => line.includes(VIOLATION_PREFIX))).toEqual([]);

  const threadedPage = await page.context().newPage();
  const threaded = recordContexts(threadedPage);
  const { boxes, threads } = await detectOnWasm(threadedPage, '&threads=2');
  expect(await threadedPage.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(threads).toBe(2);
  // The threads are workers of the app's own origin, started from the thread script; none from blob:.
  expect(
    threaded.workers.filter((url) => new URL(url).pathname === TFJS_THREAD_WORKER).length,
  ).toBeGreaterThan(0);
  expect(threaded.workers.filter((url) => !url.startsWith(`${baseURL}/`))).toEqual([]);

  // The same photo on one thread: the page served without cross-origin isolation.
  const context = await browser.newContext({ serviceWorkers: 'block', baseURL });
  try {
    await withoutIsolation(context);
    const single = await context.newPage();
    const oneThread = recordContexts(single);
    const reference = await detectOnWasm(single, '&threads=2');
    expect(await single.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(reference.threads).toBe(1);
    expect(oneThread.workers.filter((url) => new URL(url).pathname === TFJS_THREAD_WORKER)).toEqual([]);
    expect(oneThread.errors.filter((line) => line.includes(VIOLATION_PREFIX))).toEqual([]);

    expect(reference.boxes).toHaveLength(5);
    expect(boxes).toHaveLength(reference.boxes.length);
    const byX = (rows: BoxRow[]) => [...rows].sort((a, b) => a[0] - b[0]);
    const [ours, theirs] = [byX(boxes), byX(reference.boxes)];
    ours.forEach((box, i) => {
      const other = theirs[i]!;
      for (let k = 0; k < 4; k += 1)
        expect(Math.abs(box[k]! - other[k]!), `box ${i}`).toBeLessThanOrEqual(MAX_BOX_DIFF_PX);
      expect(Math.abs(box[4] - other[4]), `score ${i}`).toBeLessThanOrEqual(MAX_SCORE_DIFF);
    });
    console.log(
      `[metric] wasm threads: ${threads} (isolated, ${cores} cores), 1 (not isolated); boxes agree`,
    );
  } finally {
    await context.close();
  }
  // Every context logs its own violations (src/shared/policy-violations.ts), the threads too.
  expect(threaded.errors.filter((line) => line.includes(VIOLATION_PREFIX))).toEqual([]);
});
