import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from './browser';
import { waitForServiceWorker } from './helpers';

test.skip(({ isMobile }) => isMobile, 'inference behaviour is tested on one profile');
test.setTimeout(180_000);

const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

/** Clicks a diagnostics button and returns the log line it adds. */
async function act(page: Page, button: string, prefix: string): Promise<string> {
  const log = page.getByTestId('debug-log').locator('li');
  const before = await log.count();
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect
    .poll(async () => (await log.allTextContents()).slice(before).find((t) => t.startsWith(`${prefix}:`)), {
      timeout: 150_000,
    })
    .toBeTruthy();
  return (await log.allTextContents()).slice(before).find((t) => t.startsWith(`${prefix}:`))!;
}

const topScore = (line: string) => Number(/top score logit (-?[\d.]+)/.exec(line)?.[1]);

async function openDebug(page: Page, backend: string): Promise<void> {
  await page.goto(`/bench?debug&backend=${backend}`);
  await waitForServiceWorker(page);
  await expect(page.getByTestId('inference-debug')).toBeVisible();
}

test('WASM gives the reference; a lost WebGPU device is rebuilt and gives the same output', async ({
  page,
}) => {
  await openDebug(page, 'wasm');
  const reference = topScore(await act(page, 'Run once', 'run'));
  expect(Number.isFinite(reference)).toBe(true);

  await openDebug(page, 'webgpu');
  const first = await act(page, 'Run once', 'run');
  expect(first).toContain('ran on webgpu');
  expect(topScore(first)).toBeCloseTo(reference, 3);
  expect(await act(page, 'Lose GPU device', 'lose device')).toBe('lose device: true');
  const after = await act(page, 'Run once', 'run');
  // Rebuilt on WebGPU, not moved to another backend, and the rebuild said so.
  expect(after).toMatch(/^run: ran on webgpu,/);
  await expect(page.getByTestId('debug-log')).toContainText(
    'worker warn: The GPU device was lost; rebuilding the backend and running again.',
  );
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  expect(topScore(after)).toBeCloseTo(reference, 3);
});

for (const [name, args] of [
  [
    'navigator.gpu removed',
    [...CHROMIUM_FLAGS.filter((f) => !WEBGPU_FLAGS.includes(f)), '--disable-features=WebGPU'],
  ],
  ['no WebGPU adapter', CHROMIUM_FLAGS.filter((f) => !WEBGPU_FLAGS.includes(f))],
] as const) {
  test(`with ${name}, a forced WebGPU falls back and says why`, async ({ baseURL }) => {
    const browser = await chromium.launch({ executablePath: findChromium(), args: [...args] });
    try {
      const page = await browser.newPage({ baseURL });
      await openDebug(page, 'webgpu');
      const line = await act(page, 'Run once', 'run');
      // Both ways the worker finds no adapter to ask for (src/worker/engines/tfjs.ts), and WebGL is next.
      expect(line).toMatch(
        /^run: ran on webgl, top score logit -?[\d.]+ \(webgpu skipped: no WebGPU adapter is available\)$/,
      );
      await expect(page.getByTestId('backend')).toHaveText('webgl');
      // The worker said so as a typed log event, too.
      await expect(page.getByTestId('debug-log')).toContainText(
        'worker warn: Skipped webgpu: no WebGPU adapter is available',
      );
      await openDebug(page, 'wasm');
      const reference = topScore(await act(page, 'Run once', 'run'));
      expect(topScore(line)).toBeCloseTo(reference, 3);
    } finally {
      await browser.close();
    }
  });
}

test('a hung call is stopped by the watchdog, a crashed worker restarts, and a cancelled call leaves the next one unaffected', async ({
  page,
}) => {
  await openDebug(page, 'wasm');
  const reference = topScore(await act(page, 'Run once', 'run'));
  // One model in the worker: the one the panel loaded.
  expect(await act(page, 'Held in worker', 'held')).toMatch(/^held: Model \d+$/);

  expect(await act(page, 'Hang the worker', 'hang')).toMatch(/did not answer within 3 s/);
  await expect(page.getByTestId('debug-log')).toContainText('restarted (hung)');
  expect(topScore(await act(page, 'Run once', 'run'))).toBeCloseTo(reference, 5);

  expect(await act(page, 'Crash the worker', 'crash')).toBe('crash: true');
  await expect(page.getByTestId('debug-log')).toContainText('restarted (crashed)');
  expect(await act(page, 'Held in worker', 'held')).toBe('held: nothing');
  expect(topScore(await act(page, 'Run once', 'run'))).toBeCloseTo(reference, 5);
  // The new worker holds the model once, loaded again by the run, not twice.
  expect(await act(page, 'Held in worker', 'held')).toMatch(/^held: Model \d+$/);

  expect(await act(page, 'Run and cancel', 'cancel')).toMatch(/AbortError/);
  expect(topScore(await act(page, 'Run once', 'run'))).toBeCloseTo(reference, 5);
});

test('1,000 runs leave the tensor count and the WASM heap unchanged', async ({ page }) => {
  await openDebug(page, 'wasm');
  const line = await act(page, 'Run 1,000 times', 'endurance');
  const match = /tensors (\d+) -> (\d+), wasm heap (\d+) -> (\d+)/.exec(line);
  expect(match, line).not.toBeNull();
  expect(match![2]).toBe(match![1]);
  expect(match![4]).toBe(match![3]);
  console.log(`[metric] endurance: ${line}`);
});
