/**
 * Storage under stress: the browser closing mid-write, site data cleared, app updates that
 * arrive during a demo or arrive broken, two tabs of different versions, and a journal written
 * by an older schema. User data and stored models must survive every one of them.
 */
import { createServer, request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { JOURNAL_DB_VERSION } from '../../src/storage/journal-db';
import type { JournalEntry, JournalKind } from '../../src/storage/journal-schema';
import { KIND_UNIT, toJson } from '../../src/storage/journal-io';
import { MODEL_DB_VERSION } from '../../src/storage/model-db';
import { launch } from './camera-browser';
import {
  BUILD_DIR,
  NEXT_BUILD_DIR,
  NEXT_BUILD_ID,
  PROJECT_ROOT,
  deploy,
  goOffline,
  installedModels,
  journalEntries,
  startServer,
  testPort,
  waitForServiceWorker,
} from './helpers';
import { faceMedia } from '../media/face-media';

// These tests exercise storage and updates, not the layout: they run once, on the laptop profile.
test.skip(({ isMobile }) => isMobile, 'storage behaviour is tested on one profile');
test.setTimeout(180_000);

const BUNDLED_MODELS = 5;
const VALID_EXPORT = join(PROJECT_ROOT, 'tests', 'fixtures', 'journal', 'valid-export.json');
const JOURNAL_BLOCKED =
  'Another Offgrid tab is still using an older version of the journal. Close or reload your other Offgrid tabs to continue.';
const JOURNAL_NEWER =
  'A newer version of Offgrid has updated the health journal in another tab. Reload this page to continue.';

/** `count` valid entries whose ids start with `prefix`, spread over the last days. */
function batch(prefix: string, count: number, now = Date.now()): JournalEntry[] {
  const kinds = Object.keys(KIND_UNIT) as JournalKind[];
  const values: Record<JournalKind, (i: number) => number> = {
    'heart-rate': (i) => 60 + (i % 40),
    'breathing-rate': (i) => 10 + (i % 10),
    'reps-squat': (i) => 5 + (i % 20),
    'reps-jumping-jack': (i) => 10 + (i % 30),
  };
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return {
      id: `${prefix}-${String(i).padStart(5, '0')}`,
      kind,
      value: values[kind](i),
      unit: KIND_UNIT[kind],
      quality: 0.5 + (i % 50) / 100,
      start: now - 3_600_000 - i * 60_000,
      durationMs: 30_000,
      method: kind === 'breathing-rate' ? 'microphone' : 'rppg-pos',
      source: kind === 'breathing-rate' ? ('microphone' as const) : ('camera' as const),
      note: `entry ${i} of ${prefix}`,
    };
  });
}

/** Console errors and uncaught exceptions. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

async function openJournalPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('journal')).toBeVisible();
  await expect(page.getByTestId('journal-count')).toHaveText(/^\d+$/);
}

async function importJournal(page: Page, path: string, count: number): Promise<void> {
  await page.getByTestId('journal-import-mode').selectOption('merge');
  await page.getByTestId('journal-import').setInputFiles(path);
  await expect(page.getByTestId('journal-count')).toHaveText(String(count));
}

async function waitForBundledModels(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/models`);
  await expect(page.locator('[data-testid="model-row"][data-state="stored"]')).toHaveCount(BUNDLED_MODELS, {
    timeout: 90_000,
  });
}

/** The build id Settings shows, reached through the menu as a person would. */
async function shownVersion(page: Page): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const version = page.getByTestId('app-version');
  await expect(version).toHaveText(/\S/);
  return (await version.textContent())!;
}

/** A browser with a real profile on disk, which outlives closing it (a normal test context does not). */
async function persistentContext(
  profile: string,
  testInfo: TestInfo,
  options: { serviceWorkers?: 'allow' | 'block' } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    viewport: testInfo.project.use.viewport ?? null,
    ...options,
  });
}

/** How a round of the close-mid-write test ends the browser. */
type CloseWhen = 'frozen mid-write' | 'as the write starts' | 'after the write';

test('the browser closing in the middle of journal imports leaves each record whole or absent', async ({
  browserName,
}, testInfo) => {
  expect(browserName).toBe('chromium');
  test.setTimeout(300_000); // Five browser launches on a real profile.
  const port = testPort(testInfo, 5100);
  const origin = `http://localhost:${port}`;
  const server = await startServer(BUILD_DIR, port);
  const profile = mkdtempSync(join(tmpdir(), 'offgrid-close-'));
  const files = mkdtempSync(join(tmpdir(), 'offgrid-close-files-'));
  const BATCH = 2000;
  const rounds: CloseWhen[] = ['frozen mid-write', 'as the write starts', 'after the write'];
  const written = new Map<string, JournalEntry>();
  try {
    for (const [round, when] of rounds.entries()) {
      const entries = batch(`round-${round}`, BATCH);
      for (const entry of entries) written.set(entry.id, entry);
      const file = join(files, `round-${round}.json`);
      writeFileSync(file, toJson(entries));
      const context = await persistentContext(profile, testInfo, { serviceWorkers: 'block' });
      // The import writes from the journal's own worker: its script is served with a prelude that
      // counts the journal's writes and, in the first round, hangs the worker once half of them
      // are issued, so the browser is closed with the import's transaction open for certain. The
      // worker tells the page over a BroadcastChannel (it can say nothing once it hangs).
      const prelude = `(() => {
        const channel = new BroadcastChannel('offgrid-test-journal');
        const put = IDBObjectStore.prototype.put;
        let puts = 0;
        IDBObjectStore.prototype.put = function (...args) {
          const request = put.apply(this, args);
          if (this.name === 'entries') {
            puts += 1;
            channel.postMessage({ puts });
            if (${when === 'frozen mid-write'} && puts === ${BATCH / 2}) {
              channel.postMessage({ frozen: true });
              for (;;) {
                // The worker never returns to its event loop, so the transaction cannot commit.
              }
            }
          }
          return request;
        };
      })();\n`;
      await context.route(/\/assets\/journal\.worker-[^/]+\.js$/, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: prelude + (await response.text()) });
      });
      await context.addInitScript(() => {
        const seen = { puts: 0, frozen: false };
        (window as Window & { journalPuts?: typeof seen }).journalPuts = seen;
        new BroadcastChannel('offgrid-test-journal').onmessage = ({ data }) => Object.assign(seen, data);
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await openJournalPage(page, `${origin}/health`);
      await page.getByTestId('journal-import-mode').selectOption('merge');
      await page.getByTestId('journal-import').setInputFiles(file);
      const progress = (key: 'puts' | 'frozen') =>
        page.evaluate(
          (k) => (window as Window & { journalPuts?: Record<string, unknown> }).journalPuts?.[k],
          key,
        );
      if (when === 'frozen mid-write')
        await expect.poll(() => progress('frozen'), { timeout: 60_000 }).toBe(true);
      if (when === 'as the write starts') await expect.poll(() => progress('puts')).toBeGreaterThan(0);
      if (when === 'after the write')
        await expect(page.getByTestId('journal-count')).toHaveText(String(BATCH));
      await context.close();
    }

    const context = await persistentContext(profile, testInfo);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const problems = watchConsole(page);
      await openJournalPage(page, `${origin}/health`);
      const stored = await journalEntries<JournalEntry>(page);
      const landed = rounds.map(
        (_, round) => stored.filter((e) => e.id.startsWith(`round-${round}-`)).length,
      );
      console.log(`[metric] entries stored per import (${rounds.join(', ')}): ${landed.join(', ')}`);
      // Each import is one transaction: all of its entries or none, never part of one.
      expect(landed[0], 'a write cut off half-way leaves nothing').toBe(0);
      expect([0, BATCH]).toContain(landed[1]);
      expect(landed[2], 'a finished write is kept whole').toBe(BATCH);
      // Every stored record is exactly what was imported, field for field.
      for (const entry of stored) expect(entry).toEqual(written.get(entry.id));
      await expect(page.getByTestId('journal-count')).toHaveText(String(stored.length));
      await expect(page.getByTestId('journal-error')).toHaveCount(0);
      // The journal still takes new entries after the interrupted writes.
      await importJournal(page, VALID_EXPORT, stored.length + 5);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  } finally {
    server.kill();
    rmSync(profile, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  }
});

test('site data cleared: missing models are found, offline the app says so, online they download again', async ({
  page,
  context,
}, testInfo) => {
  const port = testPort(testInfo, 5200);
  const origin = `http://localhost:${port}`;
  const server = await startServer(BUILD_DIR, port);
  try {
    await page.goto(`${origin}/models`);
    await waitForServiceWorker(page);
    await waitForBundledModels(page, origin);
    expect(Object.keys(await installedModels(page))).toHaveLength(BUNDLED_MODELS);

    // The person clears this site's storage in the browser's settings (the app shell stays cached).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
    expect(await installedModels(page)).toEqual({});

    await goOffline(context);
    // A demo that needs a missing model says why, instead of failing obscurely.
    await page.goto(`${origin}/face?backend=wasm`);
    await page.getByTestId('image-input').setInputFiles(faceMedia().photos['one-man']!.path);
    await expect(page.getByTestId('model-error')).toContainText(/device (is|may be) offline/, {
      timeout: 60_000,
    });
    // Every bundled model is found missing, and the reason is said in words.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    const rows = page.locator('[data-testid="model-row"][data-state="error"]');
    await expect(rows).toHaveCount(BUNDLED_MODELS);
    for (const row of await rows.all()) {
      // 'model/offline' when the service worker's navigator.onLine knows; Chromium's emulated
      // offline does not always reach it, and a failed fetch then says the device may be offline.
      await expect(row.getByTestId('model-error')).toHaveAttribute('data-code', /^model\/(offline|network)$/);
      await expect(row.getByTestId('model-error')).toContainText(/device (is|may be) offline/);
    }
    // No download is running now: let this page see that it is offline too (see goOffline).
    await goOffline(context);

    // Back online, the missing models download again without a reload.
    await context.setOffline(false);
    await expect(page.locator('[data-testid="model-row"][data-state="stored"]')).toHaveCount(BUNDLED_MODELS, {
      timeout: 90_000,
    });
    expect(Object.keys(await installedModels(page))).toHaveLength(BUNDLED_MODELS);
    await page.goto(`${origin}/face?backend=wasm`);
    await page.getByTestId('image-input').setInputFiles(faceMedia().photos['one-man']!.path);
    await expect(page.getByTestId('face-count')).toHaveText('1', { timeout: 60_000 });
  } finally {
    server.kill();
  }
});

test('an update that arrives during face detection waits for the person, and keeps models and journal', async ({
  browserName,
}, testInfo) => {
  expect(browserName).toBe('chromium');
  const port = testPort(testInfo, 5300);
  const origin = `http://localhost:${port}`;
  const live = join(mkdtempSync(join(tmpdir(), 'offgrid-live-update-')), 'site');
  deploy(BUILD_DIR, live);
  const server = await startServer(live, port);
  const browser = await launch({ video: faceMedia().videos.facePan.path });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchConsole(page);
    await openJournalPage(page, `${origin}/health`);
    await waitForServiceWorker(page);
    await importJournal(page, VALID_EXPORT, 5);
    const journalBefore = await journalEntries(page);
    await waitForBundledModels(page, origin);
    const modelsBefore = await installedModels(page);
    const firstVersion = await shownVersion(page);
    expect(firstVersion).not.toContain(NEXT_BUILD_ID);

    await page.goto(`${origin}/face?backend=wasm`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    const frame = async () => Number(await page.getByTestId('face-count').getAttribute('data-frame'));
    await expect.poll(frame, { timeout: 60_000 }).toBeGreaterThan(5);
    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations += 1;
    });

    deploy(NEXT_BUILD_DIR, live);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible({ timeout: 60_000 });
    await expect(banner).toContainText('Your models and journal are kept');
    // Detection goes on under the banner: no reload, the same page, new frames analysed.
    const atBanner = await frame();
    await expect.poll(frame, { timeout: 30_000 }).toBeGreaterThan(atBanner + 10);
    expect(navigations).toBe(0);
    await expect(page.getByTestId('face-count')).toHaveText('1');

    await banner.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => navigations).toBe(1);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Face detection');
    expect(await shownVersion(page)).toContain(NEXT_BUILD_ID);
    expect(await installedModels(page)).toEqual(modelsBefore);
    expect(await journalEntries(page)).toEqual(journalBefore);
    // The new version detects with the kept models.
    await page.goto(`${origin}/face?backend=wasm`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect.poll(frame, { timeout: 60_000 }).toBeGreaterThan(3);
    await expect(page.getByTestId('face-count')).toHaveText('1');
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
    server.kill();
    rmSync(live, { recursive: true, force: true });
  }
});

/** A front for the static server that answers 500 for chosen paths, as a failing CDN would. */
async function startFaultyFront(port: number, upstream: number) {
  const broken = new Set<string>();
  const front = createServer((incoming, answer) => {
    if (broken.has(new URL(incoming.url!, 'http://front').pathname)) {
      answer.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    const forward = request(
      {
        host: 'localhost',
        port: upstream,
        path: incoming.url,
        method: incoming.method,
        headers: incoming.headers,
      },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    forward.on('error', () => answer.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((ready) => front.listen(port, 'localhost', ready));
  return {
    broken,
    close: () =>
      new Promise<void>((closed) => {
        front.closeAllConnections();
        front.close(() => closed());
      }),
  };
}

/** Asks for an update and waits until the new worker installs or fails; returns its state. */
function installUpdate(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = (await navigator.serviceWorker.getRegistration())!;
    await registration.update();
    const worker = registration.installing;
    if (!worker) return registration.waiting ? 'installed' : 'no new worker';
    return new Promise<string>((settled) => {
      const check = () => {
        if (worker.state !== 'installing') settled(worker.state);
      };
      worker.addEventListener('statechange', check);
      check();
    });
  });
}

test('an update with a broken file is not installed: the old version keeps serving, offline too', async ({
  page,
  context,
}, testInfo) => {
  const port = testPort(testInfo, 5400);
  const origin = `http://localhost:${port}`;
  const live = join(mkdtempSync(join(tmpdir(), 'offgrid-broken-update-')), 'site');
  deploy(BUILD_DIR, live);
  const server = await startServer(live, port + 5);
  const front = await startFaultyFront(port, port + 5);
  try {
    const problems = watchConsole(page);
    await openJournalPage(page, `${origin}/health`);
    await waitForServiceWorker(page);
    await importJournal(page, VALID_EXPORT, 5);
    const journalBefore = await journalEntries(page);
    await waitForBundledModels(page, origin);
    const modelsBefore = await installedModels(page);
    const firstVersion = await shownVersion(page);

    // The next version is deployed, but one of its new files fails on the server.
    deploy(NEXT_BUILD_DIR, live);
    const oldAssets = new Set(readdirSync(join(BUILD_DIR, 'assets')));
    const brokenFile = readdirSync(join(NEXT_BUILD_DIR, 'assets'))
      .filter((name) => name.endsWith('.js') && !oldAssets.has(name))
      .sort()[0]!;
    const sw = readFileSync(join(NEXT_BUILD_DIR, 'sw.js'), 'utf8');
    expect(sw, 'the broken file is one the new version precaches').toContain(`assets/${brokenFile}`);
    front.broken.add(`/assets/${brokenFile}`);
    expect(await installUpdate(page)).toBe('redundant');

    // Nothing is offered, nothing changes; reloads, online and offline, get the old version whole.
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
    await page.reload();
    expect(await shownVersion(page)).toBe(firstVersion);
    await goOffline(context);
    await page.reload();
    await goOffline(context);
    expect(await shownVersion(page)).toBe(firstVersion);
    for (const [link, heading] of [
      ['Face', 'Face detection'],
      ['Health', 'Health tracking'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    }
    await expect(page.getByTestId('journal-count')).toHaveText('5');
    expect(await journalEntries(page)).toEqual(journalBefore);
    await page.goto(`${origin}/face?backend=wasm`);
    await goOffline(context);
    await page.getByTestId('image-input').setInputFiles(faceMedia().photos['one-man']!.path);
    await expect(page.getByTestId('face-count')).toHaveText('1', { timeout: 60_000 });

    // Once the server is fixed, the same update installs and is offered as usual.
    await context.setOffline(false);
    front.broken.clear();
    expect(await installUpdate(page)).toBe('installed');
    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible();
    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    expect(await shownVersion(page)).toContain(NEXT_BUILD_ID);
    expect(await installedModels(page)).toEqual(modelsBefore);
    expect(await journalEntries(page)).toEqual(journalBefore);
    // The failed install and the offline model fetches log errors in the console; the page throws none.
    expect(
      problems.filter((p) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|status of 500/.test(p)),
    ).toEqual([]);
  } finally {
    await front.close();
    server.kill();
    rmSync(live, { recursive: true, force: true });
  }
});

interface UpgradeResult {
  blocked: boolean;
  version: number;
  stores: string[];
}

/**
 * What a tab of the next app version does on start: opens `name` one version up, adding a store.
 * Fails if an older connection keeps it waiting for 10 s.
 */
function upgradeFromOtherTab(page: Page, name: string, version: number): Promise<UpgradeResult> {
  return page.evaluate(
    ({ name, version }) =>
      new Promise<UpgradeResult>((resolve, reject) => {
        let blocked = false;
        const timer = setTimeout(() => reject(new Error(`${name}: an older tab kept it open`)), 10_000);
        const open = indexedDB.open(name, version);
        open.onupgradeneeded = () => open.result.createObjectStore('added-by-next-version');
        open.onblocked = () => (blocked = true);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          clearTimeout(timer);
          const db = open.result;
          const result = { blocked, version: db.version, stores: Array.from(db.objectStoreNames) };
          db.close();
          resolve(result);
        };
      }),
    { name, version },
  );
}

test('an open older tab lets a newer version upgrade both databases at once, and says to reload', async ({
  page,
  context,
  baseURL,
}) => {
  const problems = watchConsole(page);
  // The old tab: the journal and the model store open, the service worker holding the model store too.
  await openJournalPage(page, `${baseURL}/health`);
  await waitForServiceWorker(page);
  await importJournal(page, VALID_EXPORT, 5);
  const journalBefore = await journalEntries(page);

  // The new tab starts a version whose schemas are one step further.
  const newTab = await context.newPage();
  await newTab.goto(`${baseURL}/manifest.webmanifest`);
  const journal = await upgradeFromOtherTab(newTab, 'offgrid-journal', JOURNAL_DB_VERSION + 1);
  const models = await upgradeFromOtherTab(newTab, 'offgrid-models', MODEL_DB_VERSION + 1);
  // Not even blocked for a moment: every older connection closed as soon as it was asked.
  expect(journal).toMatchObject({ blocked: false, version: JOURNAL_DB_VERSION + 1 });
  expect(journal.stores).toEqual(['added-by-next-version', 'entries']);
  expect(models).toMatchObject({ blocked: false, version: MODEL_DB_VERSION + 1 });
  expect(models.stores).toContain('added-by-next-version');
  expect(await journalEntries(newTab)).toEqual(journalBefore);

  // The old tab does not hang: what it tries next says to reload.
  await page.getByTestId('journal-import').setInputFiles(VALID_EXPORT);
  await expect(page.getByTestId('journal-error')).toContainText(JOURNAL_NEWER);
  // It stays usable: moving to another page works.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Models');
  expect(problems).toEqual([]);
});

/** An entry as schema version 1 stored it: no `source` field. */
type V1Entry = Omit<JournalEntry, 'source'>;

test('a journal written by schema version 1 is upgraded with every record kept, once the old tab lets go', async ({
  context,
  baseURL,
}) => {
  const current = batch('v1', 60);
  const v1: V1Entry[] = current.map(({ source: _source, ...entry }) => entry);
  // A tab of the old version: it made the version-1 journal exactly as that release did, and still holds it.
  const oldTab = await context.newPage();
  await oldTab.goto(`${baseURL}/manifest.webmanifest`);
  await oldTab.evaluate(
    (entries) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('offgrid-journal', 1);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('entries', { keyPath: 'id' });
          store.createIndex('by-kind', 'kind');
          store.createIndex('by-start', 'start');
          for (const entry of entries) store.add(entry);
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          // That release did not close on versionchange; keep the connection, as its tab would.
          (window as Window & { oldJournal?: IDBDatabase }).oldJournal = open.result;
          resolve();
        };
      }),
    v1,
  );

  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${baseURL}/health`);
  // The upgrade waits for the old tab, and the page says what to do rather than hanging silently.
  await expect(page.getByTestId('journal-error')).toHaveText(JOURNAL_BLOCKED);
  await oldTab.close();
  await expect(page.getByTestId('journal-count')).toHaveText(String(v1.length));
  await expect(page.getByTestId('journal-error')).toHaveCount(0);

  // Every record is kept, and each now says where it came from (the microphone for breathing).
  expect(await journalEntries(page)).toEqual([...current].sort((a, b) => (a.id < b.id ? -1 : 1)));
  const schema = await page.evaluate(
    () =>
      new Promise<{ version: number; indexes: string[] }>((resolve, reject) => {
        const open = indexedDB.open('offgrid-journal');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const indexes = Array.from(db.transaction('entries').objectStore('entries').indexNames);
          resolve({ version: db.version, indexes });
          db.close();
        };
      }),
  );
  expect(schema).toEqual({ version: JOURNAL_DB_VERSION, indexes: ['by-kind', 'by-kind-start', 'by-start'] });
  // The page lists them (its first page of rows).
  await expect(page.getByTestId('journal-entry')).toHaveCount(20);
  expect(problems).toEqual([]);
});
