import { expect, test } from '@playwright/test';
import { saveScreenshot, waitForServiceWorker } from './helpers';

// GPU backends run on SwiftShader here (BlazeFace: ~80 ms WebGL, ~375 ms WebGPU), so these
// checks use a few runs and run once, on the laptop profile.
test.skip(({ isMobile }) => isMobile, 'inference behaviour is tested on one profile');
test.setTimeout(180_000);

test('BlazeFace gives the same scores on WebGPU, WebGL and WASM, and each backend says it ran', async ({
  page,
}, testInfo) => {
  await page.goto('/bench');
  await waitForServiceWorker(page);
  await page.getByRole('button', { name: 'Check backends' }).click();
  const rows = page.getByTestId('backend-row');
  await expect(rows).toHaveCount(3, { timeout: 150_000 });
  for (const backend of ['wasm', 'webgl', 'webgpu']) {
    const row = page.locator(`[data-testid="backend-row"][data-backend="${backend}"]`);
    await expect(row).toHaveAttribute('data-ran', backend);
    await expect(row.getByTestId('backend')).toHaveText(backend);
    if (backend !== 'wasm') {
      const diff = Number(await row.getAttribute('data-score-diff'));
      expect(diff).toBeLessThanOrEqual(1e-3);
    }
    console.log(
      `[metric] blazeface-short ${backend}: median ${Number(await row.getAttribute('data-median-ms')).toFixed(1)} ms`,
    );
  }
  await saveScreenshot(page, testInfo, 'bench-backends');
});
