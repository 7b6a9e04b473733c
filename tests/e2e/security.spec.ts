/**
 * The app's security promises, end to end on the production build (the translation test build,
 * whose remote models are the tiny stand-ins served by a local model host):
 * - the full flow (every route, face detection on a photo on WebAssembly and WebGL, translation
 *   with an explicit download, health, models, the Bench page) makes no request anywhere but the
 *   app's origin, and the model host only while the user's download runs; no CSP or Trusted
 *   Types violation and no console error on the way;
 * - a registry entry whose files live on a host the app does not list is refused with a clear
 *   message, and that host gets no request.
 * The probes of every other way out (fetch, beacon, WebSocket, image, WebRTC) are in
 * model-store.spec.ts ("pages may connect only to the app's origin…").
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { ModelManifest, Registry } from '../../src/shared/model-registry';
import { formatBytes } from '../../src/shared/format';
import { MODEL_CHANNEL } from '../../src/shared/model-store-protocol';
import {
  E2E_BUILD_DIR,
  FIXTURES_DIR,
  ROUTES,
  TRANSLATE_BUILD_DIR,
  setModelHost,
  startServer,
  testPort,
  waitForServiceWorker,
} from './helpers';
import { FIXTURE_ID } from './fixture-models';
import { faceMedia } from '../media/face-media';
import { startModelHost } from './model-host';
import { startOutsideHost } from './outside-host';
import { TINY_DIR } from './translate-models';
import { VIOLATION_PREFIX } from '../../src/shared/policy-violations';

test.skip(({ isMobile }) => isMobile, 'security is tested on one profile');

interface Recorded {
  url: string;
  fromServiceWorker: boolean;
  /** What the test was doing: 'download' only while an explicit model download runs. */
  phase: string;
}

/**
 * Records every request (pages, workers, the service worker), violation and console error. Each
 * context of the app (the page, the inference and journal workers, the service worker) logs its
 * own CSP and Trusted Types violations (src/shared/policy-violations.ts), so violations are read
 * from the console of every context; a worker's lines also reach its page's console, hence a set.
 */
function recordEverything(context: BrowserContext) {
  const requests: Recorded[] = [];
  const violations = new Set<string>();
  const errors: string[] = [];
  const state = { phase: 'browse' };
  context.on('request', (request) =>
    requests.push({ url: request.url(), fromServiceWorker: !!request.serviceWorker(), phase: state.phase }),
  );
  const onConsole = (where: string) => (message: { type(): string; text(): string }) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith(VIOLATION_PREFIX)) violations.add(message.text());
    else errors.push(`${where}: ${message.text()}`);
  };
  context.on('console', onConsole('page'));
  context.on('serviceworker', (worker) => worker.on('console', onConsole('service worker')));
  context.on('page', (page) => {
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  });
  return {
    requests,
    violations,
    violationsInFlow: [] as string[],
    errors,
    errorsInFlow: [] as string[],
    state,
  };
}

/**
 * Something every context's connect-src forbids: plain http to a host that is not localhost
 * (the service worker's policy admits only https and localhost). The browser refuses it before
 * any lookup. Code the test evaluates is exempt from script-src, so eval would not do.
 */
async function breakPolicy(): Promise<string> {
  try {
    await fetch('http://outside.invalid/probe');
    return 'fetched';
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

type BoxRow = [x: number, y: number, width: number, height: number, score: number];

async function detectPhoto(page: Page, origin: string, backend: string, path: string): Promise<BoxRow[]> {
  await page.goto(`${origin}/face?backend=${backend}`);
  const count = page.getByTestId('face-count');
  await page.getByTestId('image-input').setInputFiles(path);
  await expect(count).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('backend')).toHaveText(backend);
  return JSON.parse((await count.getAttribute('data-boxes')) ?? '[]') as BoxRow[];
}

test('the full flow talks only to the app and, while downloading, the model host, with no CSP or Trusted Types violation and no console error', async ({
  page,
  context,
}, testInfo) => {
  // WebGL runs on SwiftShader in software: one photo can take minutes on a loaded machine.
  test.setTimeout(600_000);
  const recorded = recordEverything(context);
  const port = testPort(testInfo, 4800);
  const server = await startServer(TRANSLATE_BUILD_DIR, port);
  const host = await startModelHost(join(FIXTURES_DIR, 'translate-host'), port + 1000);
  const outside = await startOutsideHost(port + 2000);
  const origin = `http://localhost:${port}`;
  try {
    await page.goto(`${origin}/settings`);
    await waitForServiceWorker(page);
    await setModelHost(page, host.url);

    for (const route of ROUTES) {
      await page.goto(`${origin}${route.path}`);
      await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
    }
    // The bundled models are stored before the demos run (a first visit stores them all).
    await page.goto(`${origin}/models`);
    await expect(page.locator('[data-testid="model-row"][data-state="stored"]')).toHaveCount(5, {
      timeout: 90_000,
    });

    const photo = faceMedia().photos['five-portraits']!.path;
    expect(await detectPhoto(page, origin, 'wasm', photo)).toHaveLength(5);
    expect(await detectPhoto(page, origin, 'webgl', photo)).toHaveLength(5);

    // Translation: the user downloads a pair (the only time the model host may be reached).
    const expected = JSON.parse(readFileSync(join(TINY_DIR, 'expected.json'), 'utf8')) as {
      marian: { pairs: Record<string, { cases: { text: string; translation: string }[] }> };
    };
    const sizes = JSON.parse(readFileSync(join(TINY_DIR, 'manifest-sizes.json'), 'utf8')) as Record<
      string,
      { bytes: number }[]
    >;
    await page.goto(`${origin}/translate?backend=wasm`);
    await page.getByTestId('source-lang').selectOption('en');
    await page.getByTestId('target-lang').selectOption('de');
    const missing = page.locator('[data-testid="missing-model"][data-model-id="opus-mt-en-de"]');
    await expect(missing).toContainText(
      formatBytes(sizes['opus-mt-en-de']!.reduce((a, f) => a + f.bytes, 0)),
    );
    recorded.state.phase = 'download';
    await missing.getByRole('button', { name: /Download/ }).click();
    await expect(missing).toHaveCount(0, { timeout: 60_000 });
    recorded.state.phase = 'browse';
    await page.getByTestId('source-text').fill('hello world');
    await page.getByTestId('translate-button').click();
    const output = page.getByTestId('translation-output');
    await expect(output).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const reference = expected.marian.pairs['opus-mt-en-de']!.cases.find((c) => c.text === 'hello world')!;
    await expect(output).toHaveText(reference.translation);

    await page.goto(`${origin}/health`);
    await expect(page.getByRole('heading', { level: 1, name: 'Health tracking' })).toBeVisible();

    // The Bench page measures the stored pair on this device (translation only: no camera).
    await page.goto(`${origin}/bench`);
    await page.getByTestId('bench-suite-face').uncheck();
    await page.getByTestId('bench-backend-wasm').check();
    await page.getByTestId('bench-run').click();
    await expect(page.locator('[data-testid="bench-result"][data-suite="translate"]').first()).toBeVisible({
      timeout: 120_000,
    });
    await expect(page.getByTestId('bench-error')).toHaveCount(0);
    await page.goto(`${origin}/models`);
    await expect(page.locator('[data-testid="model-row"][data-model-id="opus-mt-en-de"]')).toHaveAttribute(
      'data-state',
      'stored',
    );
    recorded.violationsInFlow = [...recorded.violations];
    recorded.errorsInFlow = [...recorded.errors];

    // Positive control: a violation in the page, in the inference worker and in the service
    // worker each reaches the record, so an empty list was heard in every context.
    await page.goto(`${origin}/face?backend=wasm`);
    await page.getByTestId('image-input').setInputFiles(photo);
    await expect(page.getByTestId('face-count')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    recorded.state.phase = 'control';
    const inferenceWorker = page.workers().find((w) => /inference/.test(w.url()));
    const serviceWorker = context.serviceWorkers()[0];
    expect(inferenceWorker, 'the inference worker is running').toBeDefined();
    expect(serviceWorker, 'the service worker is running').toBeDefined();
    expect(await page.evaluate(breakPolicy)).toBe('TypeError');
    expect(await inferenceWorker!.evaluate(breakPolicy)).toBe('TypeError');
    expect(await serviceWorker!.evaluate(breakPolicy)).toBe('TypeError');
    await expect
      .poll(() => [...recorded.violations].map((line) => line.replace(/:.*/, '')).sort(), { timeout: 10_000 })
      .toEqual([
        'Policy violation in the inference worker',
        'Policy violation in the page',
        'Policy violation in the service worker',
      ]);
  } finally {
    await outside.close();
    await host.close();
    server.kill();
  }

  const elsewhere = recorded.requests.filter((r) => {
    if (/^(blob|data):/.test(r.url)) return false;
    // The positive control's own probe, refused by the CSP (the outside host's count is below).
    if (r.phase === 'control' && r.url === 'http://outside.invalid/probe') return false;
    const requestOrigin = new URL(r.url).origin;
    if (requestOrigin === origin) return false;
    return !(r.url.startsWith(`${host.url}/`) && r.phase === 'download');
  });
  const toHost = recorded.requests.filter((r) => r.url.startsWith(`${host.url}/`));
  console.log(
    `[egress] ${recorded.requests.length} requests, ${recorded.requests.filter((r) => r.fromServiceWorker).length} from the service worker, ${toHost.length} to the model host (all during the download)`,
  );
  expect(elsewhere).toEqual([]);
  // The model host was reached (by the service worker), so the filter above was not vacuous.
  expect(toHost.length).toBeGreaterThan(0);
  expect(toHost.every((r) => r.fromServiceWorker)).toBe(true);
  expect(outside.hits).toEqual([]);
  expect(recorded.violationsInFlow).toEqual([]);
  expect(recorded.errorsInFlow).toEqual([]);
  // After the flow, only the browser's own words about the control's refused probe.
  expect(
    recorded.errors.slice(recorded.errorsInFlow.length).filter((e) => !e.includes('outside.invalid/probe')),
  ).toEqual([]);
});

/** A registry entry like a real remote model, but with its files on a host the app does not list. */
function unlistedModel(unlistedOrigin: string): ModelManifest {
  const registry = JSON.parse(
    readFileSync(join(E2E_BUILD_DIR, 'models', 'registry.json'), 'utf8'),
  ) as Registry;
  const template = registry.models.find((m) => m.id === FIXTURE_ID)!;
  return {
    ...template,
    id: 'unlisted-host-model',
    title: 'Model on an unlisted host',
    variants: template.variants.map((variant) => ({
      ...variant,
      files: variant.files.map((file) => ({
        ...file,
        url: `${unlistedOrigin}/evil/resolve/main/${file.path}`,
      })),
    })),
  };
}

test('a registry entry whose files live on an unlisted host is refused with a clear message, and that host gets no request', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(180_000);
  const port = testPort(testInfo, 4900);
  // The unlisted host is a real listener: https:// is what a manifest must use, so a TLS
  // attempt (or any TCP connection) would be counted even though it speaks plain HTTP.
  const outside = await startOutsideHost(port + 2000);
  const unlistedOrigin = `https://127.0.0.1:${outside.port}`;
  const live = join(mkdtempSync(join(tmpdir(), 'offgrid-unlisted-')), 'site');
  cpSync(E2E_BUILD_DIR, live, { recursive: true });
  const registryFile = join(live, 'models', 'registry.json');
  const registry = JSON.parse(readFileSync(registryFile, 'utf8')) as Registry;
  const model = unlistedModel(unlistedOrigin);
  writeFileSync(registryFile, JSON.stringify({ ...registry, models: [...registry.models, model] }));
  const server = await startServer(live, port);
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  try {
    const origin = `http://localhost:${port}`;
    await page.goto(`${origin}/models`);
    await waitForServiceWorker(page);
    const row = page.locator(`[data-testid="model-row"][data-model-id="${model.id}"]`);
    await expect(row).toHaveAttribute('data-state', 'available');
    await row.getByRole('button', { name: /Download/ }).click();
    const error = row.getByTestId('model-error');
    await expect(error).toHaveAttribute('data-code', 'model/unlisted-host');
    await expect(error).toContainText(`Refused to download ${unlistedOrigin}/evil/resolve/main/`);
    await expect(error).toContainText('its host is not the model host set in Settings');

    // A program gets the same answer from the store's API: the install command's progress
    // event carries the error's code and message.
    const failure = await page.evaluate(
      async ({ id, variant, channelName }) => {
        const channel = new BroadcastChannel(channelName);
        const failed = new Promise<unknown>((resolve) => {
          channel.onmessage = (
            event: MessageEvent<{ type: string; job?: { modelId: string; state: string; error?: unknown } }>,
          ) => {
            const job = event.data.job;
            if (event.data.type === 'model/progress' && job?.modelId === id && job.state === 'error')
              resolve(job.error);
          };
        });
        const registration = await navigator.serviceWorker.ready;
        const reply = new MessageChannel();
        registration.active!.postMessage({ type: 'model/install', modelId: id, variant }, [reply.port2]);
        const error = await failed;
        channel.close();
        return error;
      },
      { id: model.id, variant: model.defaultVariant, channelName: MODEL_CHANNEL },
    );
    expect(failure).toMatchObject({
      code: 'model/unlisted-host',
      message: expect.stringContaining('its host is not the model host set in Settings') as unknown,
    });
    await page.waitForTimeout(500);
    expect(requests.filter((url) => url.startsWith(unlistedOrigin))).toEqual([]);
    expect(outside.hits).toEqual([]);
  } finally {
    server.kill();
    await outside.close();
    rmSync(live, { recursive: true, force: true });
  }
});
