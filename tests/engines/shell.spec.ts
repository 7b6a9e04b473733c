/**
 * The whole app in WebKit and Firefox: every route renders through the nav with no uncaught
 * error (screenshots at phone and laptop size, for a person to look at), and once installed the
 * app reloads and finds faces with the server gone.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { BUILD_DIR, ROUTES, SCREENSHOT_DIR } from '../e2e/helpers';
import { faceMedia } from '../media/face-media';
import { navigate, openPhoto, pageErrors, recordErrors, waitFor, waitForServiceWorker } from './app';
import { expect, test } from './fixtures';
import { withApp } from './servers';
import { launchWebKit } from './webkit';

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 800 },
] as const;

const LABELS: Record<string, string> = {
  home: 'Home',
  face: 'Face',
  translate: 'Translate',
  health: 'Health',
  models: 'Models',
  bench: 'Bench',
  settings: 'Settings',
};

for (const size of SIZES) {
  test(`every route renders at ${size.width}×${size.height} with no uncaught error`, async ({
    engine,
    origin,
    project,
  }) => {
    await engine.setViewport(size.width, size.height);
    await engine.goto(`${origin}/`);
    await recordErrors(engine);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const route of ROUTES) {
      await navigate(engine, LABELS[route.name]!, route.heading);
      // Nothing on the page says a part of it failed to load.
      const failed = await engine.evaluate(() =>
        Array.from(document.querySelectorAll('[role="alert"]')).map((e) => e.textContent ?? ''),
      );
      expect(
        failed.filter((text) => /could not load|failed to load/i.test(text)),
        route.path,
      ).toEqual([]);
      // MiniBrowser's window is never narrower than 447 px: the page must fit whatever width it got.
      const { scroll, inner } = await engine.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: innerWidth,
      }));
      expect(inner).toBeLessThanOrEqual(Math.max(size.width, 447));
      expect(scroll, `${route.path}: no sideways scroll at ${inner} px`).toBeLessThanOrEqual(inner);
      await engine.screenshot(join(SCREENSHOT_DIR, `${project}-${size.name}-${route.name}.png`));
    }
    expect(await pageErrors(engine)).toEqual([]);
  });
}

test('installed, the app reloads and finds faces with the server gone', async ({ engine }, testInfo) => {
  test.setTimeout(180_000);
  await withApp(testInfo, 4900, BUILD_DIR, async (origin, stopServer) => {
    await engine.goto(`${origin}/face?backend=wasm`);
    // Controlled by an activated worker: Workbox activates only once the whole shell is precached.
    await waitForServiceWorker(engine);
    expect(await engine.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    // The face model reaches the model store on its first use.
    await openPhoto(engine, faceMedia().photos['one-man']!.path);
    stopServer();
    await engine.goto(`${origin}/face?backend=wasm`);
    await waitFor(
      engine,
      () => document.querySelector('h1')?.textContent?.includes('Face detection') ?? false,
      undefined,
      { timeout: 60_000, message: 'the Face page, offline' },
    );
    await recordErrors(engine);
    const boxes = await openPhoto(engine, faceMedia().photos['five-portraits']!.path);
    expect(boxes).toHaveLength(5);
    expect(await pageErrors(engine)).toEqual([]);
  });
});

test('with a POSIX locale ("C"), the chart pages still render', async ({ project, origin }) => {
  test.skip(project !== 'webkit', 'WebKitGTK reports the process locale; Firefox does not');
  const engine = await launchWebKit('webkit', 'C.UTF-8');
  try {
    await engine.goto(`${origin}/`);
    expect(await engine.evaluate(() => navigator.language)).toBe('C');
    await recordErrors(engine);
    await navigate(engine, 'Health', 'Health tracking');
    await navigate(engine, 'Bench', 'Benchmarks');
    expect(await pageErrors(engine)).toEqual([]);
  } finally {
    await engine.close();
  }
});
