/**
 * Installing the app: Chromium's install prompt as an "Install app" button, and on iPhone and
 * iPad, which have no install prompt, the Home Screen icon and meta tags Safari reads, the "Add to
 * Home Screen" hint, and the note on Safari's 7-day storage limit. Chromium stands in for Safari
 * here: a user agent, platform and touch points make it look like one, and
 * `onbeforeinstallprompt` is removed, as Safari has none.
 */
import { expect, test, type Page } from '@playwright/test';
import { saveScreenshot } from './helpers';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
/** iPadOS Safari asks for desktop sites: the user agent of a Mac, with touch points. */
const IPAD_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const HINT = 'To install: tap Share, then Add to Home Screen.';

/** Makes the page look like Safari on `platform` with `touchPoints`, optionally already installed. */
async function likeSafari(page: Page, platform: string, touchPoints: number, standalone = false) {
  await page.addInitScript(
    ([platform, touchPoints, standalone]) => {
      Object.defineProperty(Navigator.prototype, 'platform', { configurable: true, get: () => platform });
      Object.defineProperty(Navigator.prototype, 'maxTouchPoints', {
        configurable: true,
        get: () => touchPoints,
      });
      if (standalone)
        Object.defineProperty(Navigator.prototype, 'standalone', { configurable: true, get: () => true });
      delete (window as { onbeforeinstallprompt?: unknown }).onbeforeinstallprompt;
      delete (Window.prototype as { onbeforeinstallprompt?: unknown }).onbeforeinstallprompt;
    },
    [platform, touchPoints, standalone] as const,
  );
}

/** Width, height and PNG colour type from a PNG's IHDR chunk. */
function pngHeader(bytes: Buffer): { width: number; height: number; colourType: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25]! };
}

test.describe('installing the app', () => {
  test('the page links an opaque 180×180 touch icon and the Home Screen meta tags', async ({
    page,
    request,
  }) => {
    await page.goto('/');
    const href = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    expect(href).toBe('/icons/apple-touch-icon-180.png');
    const response = await request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('image/png');
    // Colour type 2 is RGB without alpha: iOS would fill transparent corners with black.
    expect(pngHeader(await response.body())).toEqual({ width: 180, height: 180, colourType: 2 });

    const meta = (name: string) => page.locator(`meta[name="${name}"]`).getAttribute('content');
    expect(await meta('apple-mobile-web-app-capable')).toBe('yes');
    expect(await meta('mobile-web-app-capable')).toBe('yes');
    expect(await meta('apple-mobile-web-app-title')).toBe('Offgrid');
    expect(await meta('apple-mobile-web-app-status-bar-style')).toBe('default');
  });

  test('other browsers see no Share-sheet hint', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(HINT)).toHaveCount(0);
    await page.goto('/models');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Models');
    await expect(page.getByTestId('storage-expiry')).toHaveCount(0);
  });

  test("the browser's install prompt becomes an Install app button", async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const install = page.getByRole('button', { name: 'Install app' });
    await expect(install).toHaveCount(0);
    // What Chromium fires once the app is installable (a real one needs an engaged, non-incognito profile).
    await page.evaluate(() => {
      const offer = Object.assign(new Event('beforeinstallprompt'), {
        prompt: async () => void document.body.setAttribute('data-prompted', ''),
        userChoice: Promise.resolve({ outcome: 'accepted' }),
      });
      dispatchEvent(offer);
    });
    await install.click();
    await expect(page.locator('body')).toHaveAttribute('data-prompted', '');
    // A prompt shows once; the button goes until the browser offers it again.
    await expect(install).toHaveCount(0);
    await expect(page.getByTestId('install-hint')).toHaveCount(0);
  });

  test.describe('on an iPhone', () => {
    test.use({ userAgent: IPHONE_UA, viewport: { width: 390, height: 844 }, hasTouch: true });

    test('Home shows how to add the app, and Models why', async ({ page }, testInfo) => {
      await likeSafari(page, 'iPhone', 5);
      await page.goto('/');
      await expect(page.getByTestId('install-hint')).toHaveText(HINT);
      await expect(page.getByRole('button', { name: 'Install app' })).toHaveCount(0);
      await saveScreenshot(page, testInfo, 'ios-home');

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
      const note = page.getByTestId('storage-expiry');
      await expect(note).toContainText('after 7 days of Safari use without a visit.');
      await expect(note).toContainText(HINT);
      await saveScreenshot(page, testInfo, 'ios-models');
    });

    test('an app opened from the Home Screen shows neither', async ({ page }) => {
      await likeSafari(page, 'iPhone', 5, true);
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByTestId('install-hint')).toHaveCount(0);
      await page.goto('/models');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Models');
      await expect(page.getByTestId('storage-expiry')).toHaveCount(0);
    });
  });

  test.describe('on an iPad that asks for desktop sites', () => {
    test.use({ userAgent: IPAD_UA, hasTouch: true });

    test('Home shows how to add the app', async ({ page }) => {
      await likeSafari(page, 'MacIntel', 5);
      await page.goto('/');
      await expect(page.getByTestId('install-hint')).toHaveText(HINT);
    });
  });
});
