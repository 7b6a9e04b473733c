import { expect, test } from '@playwright/test';
import { saveScreenshot, waitForServiceWorker } from './helpers';

// GPU backends run on SwiftShader here (BlazeFace: ~80 ms WebGL, ~375 ms WebGPU), so these
// checks use a few runs and run once, on the laptop profile.
test.skip(({ isMobile }) => isMobile, 'inference behaviour is tested on one profile');
test.setTimeout(300_000);

/** Largest score difference (after the sigmoid, or the raw output where that is the score) from WebAssembly's. */
const MAX_SCORE_DIFF = 1e-3;
/** Largest difference of any output value from WebAssembly's, in the output's own units (measured: 4e-5 at most). */
const MAX_RAW_DIFF = 1e-3;

test('BlazeFace, MoveNet and Silero VAD give the same output on every backend, and each backend says it ran', async ({
  page,
}, testInfo) => {
  await page.goto('/bench');
  await waitForServiceWorker(page);
  await page.getByRole('button', { name: 'Check backends' }).click();
  const rows = page.getByTestId('backend-row');
  await expect(rows).toHaveCount(8, { timeout: 220_000 });
  const expected: [string, string][] = [
    ['blazeface-short', 'wasm'],
    ['blazeface-short', 'webgl'],
    ['blazeface-short', 'webgpu'],
    ['movenet-lightning', 'wasm'],
    ['movenet-lightning', 'webgl'],
    ['movenet-lightning', 'webgpu'],
    ['silero-vad', 'wasm'],
    ['silero-vad', 'webgpu'],
  ];
  for (const [model, backend] of expected) {
    const row = page.locator(`[data-testid="backend-row"][data-model="${model}"][data-backend="${backend}"]`);
    await expect(row).toHaveAttribute('data-ran', backend);
    await expect(row.getByTestId('backend')).toHaveText(backend);
    const scoreDiff = await row.getAttribute('data-score-diff');
    const rawDiff = await row.getAttribute('data-raw-diff');
    if (backend === 'wasm') {
      // WebAssembly is the reference the others are compared with.
      expect([scoreDiff, rawDiff]).toEqual(['', '']);
    } else {
      // Compared with the reference at all, and then: the scores, and every raw output (BlazeFace's
      // box and keypoint regressors too, in input pixels), within float32 rounding of a GPU.
      expect(scoreDiff, `${model} ${backend}: score diff`).toMatch(/^\d/);
      expect(rawDiff, `${model} ${backend}: output diff`).toMatch(/^\d/);
      expect(Number(scoreDiff), `${model} ${backend}: score diff`).toBeLessThanOrEqual(MAX_SCORE_DIFF);
      expect(Number(rawDiff), `${model} ${backend}: output diff`).toBeLessThanOrEqual(MAX_RAW_DIFF);
    }
    console.log(
      `[metric] ${model} ${backend}: median ${Number(await row.getAttribute('data-median-ms')).toFixed(1)} ms, score diff ${scoreDiff || '-'}, output diff ${rawDiff || '-'}`,
    );
  }
  const bridge = page.getByTestId('bridge-overhead');
  await expect(bridge).toBeVisible();
  const bridgeMs = Number(await bridge.getAttribute('data-ms'));
  expect(bridgeMs).toBeGreaterThan(0);
  console.log(`[metric] bridge round trip, 640x480 RGBA frame: ${bridgeMs.toFixed(2)} ms`);
  await saveScreenshot(page, testInfo, 'bench-backends');
});
