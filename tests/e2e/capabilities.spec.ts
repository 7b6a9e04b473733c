import { expect, test } from '@playwright/test';

test('the Settings panel shows what this device can run', async ({ page }) => {
  await page.goto('/settings');
  const panel = page.getByTestId('capabilities');
  await expect(panel).toBeVisible();

  const webgpu = panel.locator('[data-cap="webgpu"]');
  await expect(webgpu).toHaveAttribute('data-ok', 'true');
  await expect(webgpu).toContainText(/swiftshader/i);

  const webgl = panel.locator('[data-cap="webgl2"]');
  await expect(webgl).toHaveAttribute('data-ok', 'true');
  await expect(webgl).toContainText(/swiftshader/i);

  await expect(panel.locator('[data-cap="wasm-simd"]')).toHaveAttribute('data-ok', 'true');
  await expect(panel.locator('[data-cap="wasm-threads"]')).toHaveAttribute('data-ok', 'true');
  const isolated = panel.locator('[data-cap="cross-origin-isolated"]');
  await expect(isolated).toHaveAttribute('data-ok', 'true');
  await expect(isolated).toContainText('crossOriginIsolated: true');
  await expect(panel.locator('[data-cap="storage"]')).toContainText(/used of about/);
  await expect(panel.locator('[data-cap="persisted"]')).toBeVisible();
  // Chromium has MediaStreamTrackProcessor on the page: camera frames move to the worker as a stream.
  await expect(panel.locator('[data-cap="camera-frames"] [data-path]')).toHaveAttribute(
    'data-path',
    'stream',
  );
});
