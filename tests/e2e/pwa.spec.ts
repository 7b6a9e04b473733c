import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, expect, test, type Request } from '@playwright/test';
import { BUILD_DIR, ROUTES, goOffline, waitForServiceWorker } from './helpers';

interface WebManifest {
  name: string;
  short_name: string;
  start_url: string;
  display: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

/** Model files live in folders under /models/; only the registry beside them is app shell. */
const MODEL_FILE = /^\/models\/[^/]+\//;

/** The files the service worker must precache: what vite-plugin-pwa's globPatterns match in dist. */
function expectedPrecache(dir = BUILD_DIR): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return expectedPrecache(path);
    const url = `/${relative(BUILD_DIR, path)}`;
    // The worker script is fetched by the browser, and model files go to the model store.
    const shell = url !== '/sw.js' && !MODEL_FILE.test(url);
    return /\.(js|mjs|css|html|svg|png|webmanifest|json|woff2|wasm)$/.test(entry) && shell ? [url] : [];
  });
}

test.describe('progressive web app', () => {
  test('the server sends the security headers that isolate the origin', async ({ request }) => {
    for (const path of ['/', '/face', '/sw.js']) {
      const response = await request.get(path);
      expect(response.status()).toBe(200);
      const headers = response.headers();
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(headers['content-security-policy']).not.toContain("'unsafe-eval'");
    }
    expect((await request.get('/face')).headers()['content-type']).toContain('text/html');
    expect((await request.get('/assets/missing.js')).status()).toBe(404);
    expect((await request.get('/_headers')).status()).toBe(404);
  });

  test('the manifest is valid and its icons load at their stated sizes', async ({ page, request }) => {
    await page.goto('/');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const response = await request.get(href!);
    expect(response.headers()['content-type']).toContain('application/manifest+json');
    const manifest = (await response.json()) as WebManifest;
    expect(manifest).toMatchObject({
      name: expect.stringContaining('Offgrid'),
      short_name: 'Offgrid',
      start_url: '/',
      display: 'standalone',
    });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);

    const sizes = manifest.icons.map((icon) => `${icon.sizes}:${icon.purpose ?? 'any'}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
    for (const icon of manifest.icons) {
      const [width] = icon.sizes.split('x').map(Number);
      const natural = await page.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        return [image.naturalWidth, image.naturalHeight];
      }, icon.src);
      expect(natural).toEqual([width, width]);
    }
  });

  test('Chromium finds the app installable', async ({ browserName, baseURL }, testInfo) => {
    expect(browserName).toBe('chromium');
    // Installability is never granted to incognito profiles, which is what a normal test
    // context is, so this check runs in a real (temporary) profile.
    const profile = mkdtempSync(join(tmpdir(), 'offgrid-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      ...testInfo.project.use.launchOptions,
      viewport: testInfo.project.use.viewport ?? null,
    });
    try {
      const page = await context.newPage();
      await page.goto(`${baseURL}/`);
      await waitForServiceWorker(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  test('the service worker activates and precaches the whole app shell', async ({ page }) => {
    await page.goto('/');
    await waitForServiceWorker(page);
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const names = await caches.keys();
      const urls: string[] = [];
      for (const name of names) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
      }
      return { active: registration?.active?.state, names, urls };
    });
    expect(state.active).toBe('activated');
    expect(state.names.some((name) => name.startsWith('workbox-precache'))).toBe(true);
    const expected = expectedPrecache();
    expect(expected.length).toBeGreaterThan(10);
    const missing = expected.filter((url) => !state.urls.includes(url));
    expect(missing).toEqual([]);
    expect(state.urls).toContain('/models/registry.json');
    expect(state.urls.filter((url) => MODEL_FILE.test(url))).toEqual([]);
  });

  test('every route reloads offline, served by the service worker', async ({ page, context }) => {
    await page.goto('/');
    await waitForServiceWorker(page);
    await context.setOffline(true);
    const failed: string[] = [];
    // A navigation aborts what the page it leaves was still fetching (a lazy chunk, a worker
    // script, the favicon), also what that page started after the navigation began and before
    // the next page replaced it: net::ERR_ABORTED on such a request is the navigation's doing.
    // Anything else that fails is the offline cache failing.
    let navigations = 0;
    let navigatingTo = '';
    const issued = new WeakMap<Request, { navigation: number; by: string }>();
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        navigations += 1;
        navigatingTo = request.url();
      }
      issued.set(request, { navigation: navigations, by: page.url() });
    });
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText;
      const at = issued.get(request);
      const leftBehind = at !== undefined && (at.navigation < navigations || at.by !== navigatingTo);
      if (error === 'net::ERR_ABORTED' && leftBehind && !request.isNavigationRequest()) return;
      failed.push(`${request.url()} ${request.resourceType()} ${error}`);
    });

    for (const route of ROUTES) {
      await page.goto(route.path);
      await goOffline(context);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
      await expect(page.getByTestId('network-status')).toHaveText('Offline');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      // Let the page finish loading, so the next navigation does not abort its images.
      await page.waitForLoadState('networkidle');
    }
    // A fresh reload of a deep link, not just a client-side route change. Each load settles
    // first: a reload aborts the chunks the page is still importing (net::ERR_ABORTED), which is
    // the navigation's doing, not the offline cache failing.
    await page.goto('/settings');
    await page.waitForLoadState('networkidle');
    await page.reload();
    await expect(page.getByTestId('capabilities')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
  });
});
