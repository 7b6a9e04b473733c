import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page, type TestInfo } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import type { ModelManifest, Registry } from '../../src/shared/model-registry';
import { FIXTURE_ID, FIXTURE_MODEL_BYTES } from './fixture-models';
import {
  BUILD_DIR,
  E2E_BUILD_DIR,
  E2E_V2_BUILD_DIR,
  FIXTURES_DIR,
  PROJECT_ROOT,
  installedModels,
  journalEntries,
  saveScreenshot,
  setModelHost,
  startServer,
  storedFiles,
  testPort,
  waitForServiceWorker,
} from './helpers';
import { faceMedia } from '../media/face-media';
import { startModelHost, type Fault, type ModelHost } from './model-host';
import { probeEgress, startOutsideHost } from './outside-host';

// These tests exercise the store, not the layout: they run once, on the laptop profile.
test.skip(({ isMobile }) => isMobile, 'model store behaviour is tested on one profile');
test.setTimeout(120_000);

const METRICS_DIR = join(PROJECT_ROOT, 'test-results', 'metrics');

function readRegistry(dir: string): Registry {
  return JSON.parse(readFileSync(join(dir, 'models', 'registry.json'), 'utf8')) as Registry;
}

function defaultFiles(model: ModelManifest) {
  return model.variants.find((variant) => variant.id === model.defaultVariant)!.files;
}

function recordMetric(name: string, value: Record<string, number | string>): void {
  mkdirSync(METRICS_DIR, { recursive: true });
  writeFileSync(join(METRICS_DIR, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
  console.log(`[metric] ${name}: ${JSON.stringify(value)}`);
}

interface LogEntry {
  path: string;
  status: number;
  range: string | null;
  bytes: number;
}

function readLog(file: string): LogEntry[] {
  try {
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogEntry);
  } catch {
    return [];
  }
}

const isModelFile = (entry: LogEntry) =>
  entry.path.startsWith('/models/') && entry.path !== '/models/registry.json';

/** Fetches a model URL inside the page (through the service worker); returns size, hash and where it came from. */
async function fetchInPage(page: Page, url: string) {
  return page.evaluate(async (href) => {
    const started = performance.now();
    const response = await fetch(href);
    const data = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    const digest = await crypto.subtle.digest('SHA-256', data);
    const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    return {
      status: response.status,
      bytes: data.byteLength,
      sha256,
      source: response.headers.get('X-Offgrid-Source'),
      elapsed,
    };
  }, url);
}

test('a first visit stores every bundled model exactly once, and offline they come from IndexedDB', async ({
  page,
  context,
}, testInfo) => {
  const dir = mkdtempSync(join(tmpdir(), 'offgrid-first-visit-'));
  const log = join(dir, 'access.log');
  const server = await startServer(BUILD_DIR, testPort(testInfo, 4400), log);
  try {
    const origin = `http://localhost:${testPort(testInfo, 4400)}`;
    const bundled = readRegistry(BUILD_DIR).models.filter((model) => model.bundled);
    expect(bundled.map((m) => m.id).sort()).toEqual([
      'blazeface-full',
      'blazeface-short',
      'facemesh',
      'movenet-lightning',
      'silero-vad',
    ]);
    const expectedBytes = bundled.flatMap(defaultFiles).reduce((sum, file) => sum + file.bytes, 0);

    const started = Date.now();
    await page.goto(`${origin}/models`);
    for (const model of bundled) {
      await expect(page.locator(`[data-testid="model-row"][data-model-id="${model.id}"]`)).toHaveAttribute(
        'data-state',
        'stored',
        {
          timeout: 60_000,
        },
      );
    }
    const storedAfterMs = Date.now() - started;
    expect(Object.keys(await installedModels(page)).sort()).toEqual(bundled.map((m) => m.id).sort());

    const requested = readLog(log).filter(isModelFile);
    const requestedBytes = requested.reduce((sum, entry) => sum + entry.bytes, 0);
    expect(requestedBytes).toBe(expectedBytes);
    // Each file once, no Range retries.
    expect(new Set(requested.map((entry) => entry.path)).size).toBe(requested.length);
    await saveScreenshot(page, testInfo, 'models-stored');
    // The measured quantization trade-off sits next to each variant, saying where it comes from.
    const card = page.locator('[data-testid="model-row"][data-model-id="blazeface-short"] details');
    await card.locator('summary').click();
    await expect(card.locator('tr[data-variant="uint8"] [data-testid="variant-change"]')).toContainText(
      'IoU',
    );
    await expect(card.getByTestId('tradeoff-source')).toContainText('npm run bench -- --suite quant');

    // Online, stored files are served from IndexedDB without touching the network.
    const movenet = defaultFiles(bundled.find((m) => m.id === 'movenet-lightning')!).find((f) =>
      f.path.endsWith('.bin'),
    )!;
    const before = readLog(log).filter(isModelFile).length;
    const served = await fetchInPage(page, movenet.url);
    expect(served).toMatchObject({
      status: 200,
      bytes: movenet.bytes,
      sha256: movenet.sha256,
      source: 'indexeddb',
    });
    expect(readLog(log).filter(isModelFile)).toHaveLength(before);
    recordMetric('model-store-first-visit', {
      bundledModels: bundled.length,
      bundledBytes: expectedBytes,
      requestedBytes,
      ratio: requestedBytes / expectedBytes,
      loadToStoredMs: storedAfterMs,
      serveFromIndexedDbMsPerMB: Number((served.elapsed / (movenet.bytes / 1e6)).toFixed(2)),
    });

    // Offline reload: every bundled file still loads, verified, with zero requests.
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Models');
    for (const model of bundled) {
      for (const file of defaultFiles(model)) {
        expect(await fetchInPage(page, file.url)).toMatchObject({
          status: 200,
          sha256: file.sha256,
          source: 'indexeddb',
        });
      }
    }
    expect(readLog(log).filter(isModelFile)).toHaveLength(requested.length);
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

interface RemoteSetup {
  origin: string;
  host: ModelHost;
  server: ChildProcess;
  live: string;
  fixture: ModelManifest;
  row: ReturnType<Page['locator']>;
}

/** Serves the e2e build and the stand-in model host, and points Settings at that host. */
async function setupRemote(page: Page, testInfo: TestInfo, quotaBytes?: number): Promise<RemoteSetup> {
  const port = testPort(testInfo, 4500);
  if (quotaBytes) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: `http://localhost:${port}`,
      quotaSize: quotaBytes,
    });
  }
  const live = join(mkdtempSync(join(tmpdir(), 'offgrid-remote-')), 'site');
  cpSync(E2E_BUILD_DIR, live, { recursive: true });
  const server = await startServer(live, port);
  const host = await startModelHost(join(FIXTURES_DIR, 'host'), port + 1000);
  try {
    const origin = `http://localhost:${port}`;
    await page.goto(`${origin}/settings`);
    await waitForServiceWorker(page);
    await setModelHost(page, host.url);
    await page.goto(`${origin}/models`);
    // Let the bundled models finish first, so byte counts and quota concern the fixture only.
    await expect(page.locator('[data-testid="model-row"][data-state="stored"]')).toHaveCount(5, {
      timeout: 60_000,
    });
    const fixture = readRegistry(E2E_BUILD_DIR).models.find((m) => m.id === FIXTURE_ID)!;
    const row = page.locator(`[data-testid="model-row"][data-model-id="${FIXTURE_ID}"]`);
    await expect(row).toHaveAttribute('data-state', 'available');
    return { origin, host, server, live, fixture, row };
  } catch (error) {
    // A setup that fails must not leave its servers running for the next test.
    server.kill();
    await host.close();
    throw error;
  }
}

async function teardown(setup: RemoteSetup): Promise<void> {
  setup.server.kill();
  await setup.host.close();
  rmSync(setup.live, { recursive: true, force: true });
}

const MODEL_FILE = 'model_quantized.onnx';

test('bad downloads are rejected with a clear error, store nothing, and a retry succeeds', async ({
  page,
}, testInfo) => {
  const setup = await setupRemote(page, testInfo);
  try {
    const { row, host, fixture } = setup;
    const shas = defaultFiles(fixture).map((f) => f.sha256);
    const cases: [Fault, string, RegExp][] = [
      [{ kind: 'flip-byte' }, 'model/hash-mismatch', /SHA-256/],
      [{ kind: 'html' }, 'model/not-a-model', /web page instead of the model/],
      [{ kind: 'status', status: 404 }, 'model/http-error', /answered 404/],
      [{ kind: 'short' }, 'model/size-mismatch', new RegExp(`expects ${FIXTURE_MODEL_BYTES}`)],
    ];
    for (const [fault, code, message] of cases) {
      host.faults.set(MODEL_FILE, fault);
      await row.getByRole('button', { name: /^(Download|Retry)/ }).click();
      await expect(row).toHaveAttribute('data-state', 'error');
      const error = row.getByTestId('model-error');
      await expect(error).toHaveAttribute('data-code', code);
      await expect(error).toContainText(message);
      const stored = await storedFiles(page);
      expect(stored.filter((file) => shas.includes(file.sha256))).toEqual([]);
      expect((await installedModels(page))[FIXTURE_ID]).toBeUndefined();
      if (code === 'model/hash-mismatch') await saveScreenshot(page, testInfo, 'models-error');
    }
    host.faults.clear();
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect(row).toHaveAttribute('data-state', 'stored');
    for (const file of defaultFiles(fixture)) {
      // The registry names the canonical host; the app fetches it from the host set in Settings.
      const url = file.url.replace('https://huggingface.co', host.url);
      expect(await fetchInPage(page, url)).toMatchObject({
        status: 200,
        sha256: file.sha256,
        source: 'indexeddb',
      });
    }
  } finally {
    await teardown(setup);
  }
});

/** Starts the fixture download with the connection dropped at 50%; returns the bytes kept. */
async function dropHalfway(page: Page, { row, host }: RemoteSetup): Promise<number> {
  host.faults.set(MODEL_FILE, { kind: 'drop', at: 0.5 });
  await row.getByRole('button', { name: /^Download/ }).click();
  await expect(row).toHaveAttribute('data-state', 'error');
  await expect(row.getByTestId('model-error')).toHaveAttribute('data-code', 'model/network');
  // Everything that arrived before the drop is kept (the host sent half the file).
  const partial = (await storedFiles(page)).find((file) => !file.complete)!.receivedBytes;
  expect(partial).toBe(FIXTURE_MODEL_BYTES / 2);
  return partial;
}

test('a connection dropped at 50% resumes with Range and fetches only the missing bytes', async ({
  page,
}, testInfo) => {
  const setup = await setupRemote(page, testInfo);
  try {
    const { row, host } = setup;
    const partial = await dropHalfway(page, setup);
    host.faults.clear();
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect(row).toHaveAttribute('data-state', 'stored');
    const modelRequests = host.requests.filter((r) => r.path.endsWith(MODEL_FILE));
    expect(modelRequests.at(-1)).toMatchObject({
      range: `bytes=${partial}-`,
      status: 206,
      bytesSent: FIXTURE_MODEL_BYTES - partial,
    });
    expect(host.bytesSentFor(MODEL_FILE)).toBe(FIXTURE_MODEL_BYTES);
  } finally {
    await teardown(setup);
  }
});

test('a server without Range support makes the download start over, and it still completes', async ({
  page,
}, testInfo) => {
  const setup = await setupRemote(page, testInfo);
  try {
    const { row, host } = setup;
    await dropHalfway(page, setup);
    host.faults.set(MODEL_FILE, { kind: 'no-range' });
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect(row).toHaveAttribute('data-state', 'stored');
    const last = host.requests.filter((r) => r.path.endsWith(MODEL_FILE)).at(-1)!;
    expect(last).toMatchObject({
      range: `bytes=${FIXTURE_MODEL_BYTES / 2}-`,
      status: 200,
      bytesSent: FIXTURE_MODEL_BYTES,
    });
  } finally {
    await teardown(setup);
  }
});

test('a page reload mid-download keeps the download and its progress going', async ({ page }, testInfo) => {
  const setup = await setupRemote(page, testInfo);
  try {
    const { row, host } = setup;
    host.faults.set(MODEL_FILE, { kind: 'slow', bytesPerTick: 40_000 });
    await row.getByRole('button', { name: /^Download/ }).click();
    await expect(row).toHaveAttribute('data-state', 'downloading');
    await expect.poll(() => host.bytesSentFor(MODEL_FILE)).toBeGreaterThan(500_000);
    await page.reload();
    await expect(row).toHaveAttribute('data-state', 'downloading');
    const bar = page.getByTestId('download-progress');
    await expect.poll(async () => Number(await bar.getAttribute('data-received'))).toBeGreaterThan(0);
    await expect(row).toHaveAttribute('data-state', 'stored', { timeout: 60_000 });
    // The reload did not restart it: every byte of the file was sent once.
    expect(host.bytesSentFor(MODEL_FILE)).toBe(FIXTURE_MODEL_BYTES);
  } finally {
    await teardown(setup);
  }
});

/** Bytes of every file under dir, recursively, except source maps and model folders. */
function shellBytes(dir: string, top = dir): number {
  return readdirSync(dir).reduce((sum, entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return path === join(top, 'models') ? sum : sum + shellBytes(path, top);
    return entry.endsWith('.map') ? sum : sum + statSync(path).size;
  }, 0);
}

/**
 * Room for the app shell and the bundled models, plus 4.5 MB for the browser's own storage
 * overhead while it writes (2.5 MB stopped being enough as the shell grew): not enough for the
 * 6 MB fixture.
 */
function tightQuota(): number {
  const bundled = readRegistry(E2E_BUILD_DIR)
    .models.filter((m) => m.bundled)
    .flatMap(defaultFiles)
    .reduce((sum, file) => sum + file.bytes, 0);
  return shellBytes(E2E_BUILD_DIR) + bundled + 4_500_000;
}

const JOURNAL_EXPORT = join(PROJECT_ROOT, 'tests', 'fixtures', 'journal', 'valid-export.json');

/** Imports the journal fixture (5 entries) on the Health page, as a person would. */
async function seedJournal(page: Page, origin: string): Promise<{ id: string }[]> {
  await page.goto(`${origin}/health`);
  await page.getByTestId('journal-import').setInputFiles(JOURNAL_EXPORT);
  await expect(page.getByTestId('journal-count')).toHaveText('5');
  return journalEntries(page);
}

test('a full disk gives a clear error, stores no partial model, and keeps other data', async ({
  browserName,
}, testInfo) => {
  expect(browserName).toBe('chromium');
  test.slow(); // A real profile, the bundled models, and the journal on top.
  // Chromium honours a quota override only in a real profile, not in an incognito-like test context.
  const profile = mkdtempSync(join(tmpdir(), 'offgrid-quota-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    viewport: testInfo.project.use.viewport ?? null,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Chromium enforces a quota override only when it is set before the origin stores anything.
  const quota = tightQuota();
  const setup = await setupRemote(page, testInfo, quota);
  try {
    const { row } = setup;
    const cdp = await page.context().newCDPSession(page);
    const {
      usage,
      quota: granted,
      overrideActive,
    } = await cdp.send('Storage.getUsageAndQuota', {
      origin: setup.origin,
    });
    expect({ quota: granted, overrideActive }).toEqual({ quota, overrideActive: true });
    // The bundled models are in, and the fixture cannot fit beside them.
    expect(usage + FIXTURE_MODEL_BYTES).toBeGreaterThan(quota);
    const journalBefore = await seedJournal(page, setup.origin);
    await page.goto(`${setup.origin}/models`);
    const installedBefore = await installedModels(page);
    const filesBefore = await storedFiles(page);
    await row.getByRole('button', { name: /^Download/ }).click();
    await expect(row).toHaveAttribute('data-state', 'error');
    await expect(row.getByTestId('model-error')).toHaveAttribute('data-code', 'model/quota-exceeded');
    await expect(row.getByTestId('model-error')).toContainText('not enough storage space');
    expect(await installedModels(page)).toEqual(installedBefore);
    expect(await storedFiles(page)).toEqual(filesBefore);
    // The health journal, in its own database, is untouched, and still shows every entry.
    expect(await journalEntries(page)).toEqual(journalBefore);
    await page.goto(`${setup.origin}/health`);
    await expect(page.getByTestId('journal-count')).toHaveText('5');
    await expect(page.getByTestId('journal-error')).toHaveCount(0);
  } finally {
    await teardown(setup);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('a model version bump fetches only the changed file and evicts the old one', async ({
  page,
}, testInfo) => {
  const setup = await setupRemote(page, testInfo);
  try {
    const { row, host, live, fixture } = setup;
    await row.getByRole('button', { name: /^Download/ }).click();
    await expect(row).toHaveAttribute('data-state', 'stored');
    const oldShas = defaultFiles(fixture).map((f) => f.sha256);
    const requestsBefore = host.requests.length;

    // Deploy the next app version, whose registry bumps the fixture to 1.1.0 (one file changed).
    rmSync(live, { recursive: true, force: true });
    cpSync(E2E_V2_BUILD_DIR, live, { recursive: true });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const reloaded = page.waitForEvent('load');
    await page.getByTestId('update-banner').getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    const next = readRegistry(E2E_V2_BUILD_DIR).models.find((m) => m.id === FIXTURE_ID)!;
    await expect
      .poll(async () => (await installedModels(page))[FIXTURE_ID], { timeout: 60_000 })
      .toBe(next.version);
    await expect(row).toHaveAttribute('data-state', 'stored');

    const fetched = host.requests.slice(requestsBefore).map((r) => r.path);
    expect(fetched).toEqual([expect.stringMatching(new RegExp(`${MODEL_FILE}$`))]);
    const newShas = defaultFiles(next).map((f) => f.sha256);
    const stored = (await storedFiles(page)).map((f) => f.sha256);
    expect(stored).toEqual(expect.arrayContaining(newShas));
    for (const sha of oldShas.filter((s) => !newShas.includes(s))) expect(stored).not.toContain(sha);
    // The bundled models did not change, so they were kept, not fetched again.
    expect(Object.keys(await installedModels(page))).toHaveLength(6);
  } finally {
    await teardown(setup);
  }
});

test('when the browser refuses persistent storage, the Models page warns and downloads still work', async ({
  page,
}, testInfo) => {
  await page.addInitScript(() => {
    const asked = { count: 0 };
    (window as Window & { persistAsked?: typeof asked }).persistAsked = asked;
    Object.defineProperty(navigator.storage, 'persisted', { value: () => Promise.resolve(false) });
    Object.defineProperty(navigator.storage, 'persist', {
      value: () => {
        asked.count += 1;
        return Promise.resolve(false);
      },
    });
  });
  const setup = await setupRemote(page, testInfo);
  try {
    const { row, origin } = setup;
    const persistence = page.getByTestId('persistence');
    await expect(persistence).toHaveAttribute('data-state', 'not-asked');
    await row.getByRole('button', { name: /^Download/ }).click();
    await expect(row).toHaveAttribute('data-state', 'stored');
    expect(
      await page.evaluate(
        () => (window as Window & { persistAsked?: { count: number } }).persistAsked?.count,
      ),
    ).toBe(1);
    await expect(persistence).toHaveAttribute('data-state', 'refused');
    await expect(persistence).toContainText('may delete stored models and your health journal');
    await expect(persistence).toContainText('Export your journal');
    // The warning stays after a reload (the browser is not asked again), and the app works as before.
    await page.reload();
    await expect(persistence).toHaveAttribute('data-state', 'refused');
    await expect(row).toHaveAttribute('data-state', 'stored');
    expect(
      await page.evaluate(
        () => (window as Window & { persistAsked?: { count: number } }).persistAsked?.count,
      ),
    ).toBe(0);
    await seedJournal(page, origin);
    await page.goto(`${origin}/face?backend=wasm`);
    await page.getByTestId('image-input').setInputFiles(faceMedia().photos['one-man']!.path);
    await expect(page.getByTestId('face-count')).toHaveText('1', { timeout: 60_000 });
  } finally {
    await teardown(setup);
  }
});

test('delete all models frees them and keeps settings', async ({ page }, testInfo) => {
  const setup = await setupRemote(page, testInfo);
  try {
    await page.getByRole('button', { name: 'Delete all models' }).click();
    await page.getByRole('button', { name: /^Yes, delete/ }).click();
    await expect(page.locator('[data-testid="model-row"][data-state="stored"]')).toHaveCount(0);
    expect(await installedModels(page)).toEqual({});
    expect(await storedFiles(page)).toEqual([]);
    await page.goto(`${setup.origin}/settings`);
    await expect(page.getByLabel('Model host')).toHaveValue(setup.host.url);
  } finally {
    await teardown(setup);
  }
});

test('a large download waits on a low battery, says why, and "Download now" overrides it', async ({
  page,
}, testInfo) => {
  await page.addInitScript(() => {
    const battery = Object.assign(new EventTarget(), { charging: false, level: 0.2 });
    Object.defineProperty(navigator, 'getBattery', { value: () => Promise.resolve(battery) });
  });
  const setup = await setupRemote(page, testInfo);
  try {
    const { row, origin } = setup;
    await page.goto(`${origin}/settings`);
    await page.getByLabel(/Ask before downloading more than/).fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await page.goto(`${origin}/models`);
    await row.getByRole('button', { name: /^Download/ }).click();
    await expect(row).toHaveAttribute('data-state', 'waiting');
    await expect(row.getByRole('status')).toHaveText('Waiting for charging: the battery is at 20%.');
    expect(setup.host.requests.filter((r) => r.path.endsWith(MODEL_FILE))).toEqual([]);
    await row.getByRole('button', { name: 'Download now' }).click();
    await expect(row).toHaveAttribute('data-state', 'stored');
  } finally {
    await teardown(setup);
  }
});

test("pages may connect only to the app's origin and the configured model host; every other way out is blocked", async ({
  page,
}, testInfo) => {
  const setup = await setupRemote(page, testInfo);
  const outside = await startOutsideHost(testPort(testInfo, 4500) + 2000);
  try {
    const toHost = await page.evaluate(
      (url) =>
        fetch(url, { mode: 'cors' }).then(
          () => 'reached',
          () => 'blocked',
        ),
      `${setup.host.url}/offgrid-fixtures/tiny-remote/resolve/${'1'.repeat(40)}/config.json`,
    );
    expect(toHost).toBe('reached');

    const probe = await probeEgress(page, outside);
    console.log(`[egress probes] ${JSON.stringify(probe.outcomes)}`);
    // CSP blocks the fetch, the beacon, the WebSocket and the image, and reports each one.
    expect(probe.outcomes.fetch).toMatch(/^blocked/);
    expect(probe.outcomes.image).toBe('error event');
    expect(probe.outcomes.webSocket).not.toBe('open');
    expect(probe.violations).toEqual(
      expect.arrayContaining([
        { directive: 'connect-src', blocked: `${outside.url}/fetch` },
        { directive: 'connect-src', blocked: `${outside.url}/beacon` },
        { directive: 'connect-src', blocked: `${outside.url.replace('http', 'ws')}/socket` },
        { directive: 'img-src', blocked: `${outside.url}/pixel.png` },
      ]),
    );
    expect(probe.violations).toHaveLength(4);
    // Chromium ignores CSP's webrtc directive: the app's own lock refuses peer connections, in
    // the page and in a fresh about:blank frame, with a message that says why.
    const refused = /threw \(AppError: WebRTC is turned off in Offgrid/;
    expect(probe.outcomes.rtc).toMatch(refused);
    expect(probe.outcomes.rtcInFrame).toMatch(refused);
    // Nothing reached the outside host: no TCP connection, no request, no STUN or TURN datagram.
    expect(outside.hits).toEqual([]);

    // The same peer connection on a page without the app's lock does reach the outside host over
    // UDP: the listener sees STUN, so the zero above means something.
    const bare = await page.context().newPage();
    await bare.setContent('<p>no app here</p>');
    const unlocked = await bare.evaluate(async (port) => {
      const connection = new RTCPeerConnection({ iceServers: [{ urls: `stun:127.0.0.1:${port}` }] });
      connection.createDataChannel('probe');
      await connection.setLocalDescription(await connection.createOffer());
      await new Promise((done) => setTimeout(done, 3000));
      connection.close();
    }, outside.port);
    expect(unlocked).toBeUndefined();
    expect(outside.hits.filter((hit) => hit.startsWith('udp')).length).toBeGreaterThan(0);
    await bare.close();
  } finally {
    await outside.close();
    await teardown(setup);
  }
});
