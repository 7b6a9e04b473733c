import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const BUILD_DIR = join(PROJECT_ROOT, 'dist');
export const NEXT_BUILD_DIR = join(PROJECT_ROOT, 'dist-next');
export const NEXT_BUILD_ID = 'e2e-next';
/** Builds with the test fixture model in the registry (see global-setup.ts). */
export const E2E_BUILD_DIR = join(PROJECT_ROOT, 'dist-e2e');
export const E2E_V2_BUILD_DIR = join(PROJECT_ROOT, 'dist-e2e-v2');
export const TRANSLATE_BUILD_DIR = join(PROJECT_ROOT, 'dist-e2e-translate');
export const FIXTURES_DIR = join(PROJECT_ROOT, 'dist-fixtures');
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots');

/** Every route of the app with the heading a user sees first. */
export const ROUTES = [
  { path: '/', name: 'home', heading: 'AI that stays on your device' },
  { path: '/face', name: 'face', heading: 'Face detection' },
  { path: '/translate', name: 'translate', heading: 'Translation' },
  { path: '/health', name: 'health', heading: 'Health tracking' },
  { path: '/models', name: 'models', heading: 'Models' },
  { path: '/bench', name: 'bench', heading: 'Benchmarks' },
  { path: '/settings', name: 'settings', heading: 'Settings' },
] as const;

/** Saves a full-page screenshot under test-results/screenshots and attaches it to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${testInfo.project.name}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}

/** Resolves once a service worker controls the page (first visit: after clientsClaim). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((done) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => done(), { once: true }),
    );
  });
}

/** Sets the model host in Settings, as a person would; the page must show Settings. */
export async function setModelHost(page: Page, url: string): Promise<void> {
  await page.getByLabel('Model host').fill(url);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
}

/** Starts `npm start`'s server on its own port over another folder; stop it with kill(). */
export async function startServer(root: string, port: number, logFile?: string): Promise<ChildProcess> {
  const log = logFile ? ['--log', logFile] : [];
  const server = spawn(
    'node',
    ['scripts/serve.mjs', '--no-build', '--root', root, '--port', String(port), ...log],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // Never outlive the test worker, even when a test is cut off by its timeout.
  process.once('exit', () => server.kill());
  await new Promise<void>((ready, fail) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('is running at')) ready();
    });
    server.once('exit', (code) => fail(new Error(`The test server exited with ${code}`)));
  });
  return server;
}

/**
 * A port for a server a test starts itself: unique per worker and project. E2E_PORT_OFFSET moves
 * every such port, so two test runs can share a machine.
 */
export function testPort(testInfo: TestInfo, base: number): number {
  const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
  return base + offset + testInfo.parallelIndex * 10 + (testInfo.project.name === 'phone' ? 1 : 2);
}

/** Every record of one store of the page's model database. */
async function readModelStore<T>(page: Page, store: 'installed' | 'files'): Promise<T[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const open = indexedDB.open('offgrid-models');
      // No model store yet: do not create an empty one (the app would take it for its own).
      open.onupgradeneeded = () => open.transaction!.abort();
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
    });
    if (!db) return [];
    try {
      return await new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, store);
}

/** Model ids the page's IndexedDB lists as installed, with their versions. */
export async function installedModels(page: Page): Promise<Record<string, string>> {
  const rows = await readModelStore<{ id: string; version: string }>(page, 'installed');
  return Object.fromEntries(rows.map((row) => [row.id, row.version]));
}

/** SHA-256 keys of the stored files, complete or partial. */
export async function storedFiles(
  page: Page,
): Promise<{ sha256: string; complete: boolean; receivedBytes: number }[]> {
  const rows = await readModelStore<{ sha256: string; complete: boolean; receivedBytes: number }>(
    page,
    'files',
  );
  return rows.map(({ sha256, complete, receivedBytes }) => ({ sha256, complete, receivedBytes }));
}

/**
 * Puts the context offline for the current document. Chromium 150's offline emulation does not
 * reach documents loaded after it was set (their navigator.onLine reads true and no `offline`
 * event fires), though requests do fail; switching it off and on again reaches the new document.
 * Call after every navigation made while offline.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
  await context.setOffline(true);
}

/** Copies a build into the served folder, the way a static host deploys it. */
export function deploy(build: string, live: string): void {
  rmSync(live, { recursive: true, force: true });
  cpSync(build, live, { recursive: true });
}

/** Every record of the page's health journal, read straight from IndexedDB, in id order. */
export async function journalEntries<T extends { id: string } = { id: string }>(page: Page): Promise<T[]> {
  const entries = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const open = indexedDB.open('offgrid-journal');
      // No journal yet: do not create an empty one (the app would take it for a version-1 journal).
      open.onupgradeneeded = () => open.transaction!.abort();
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
    });
    if (!db) return [];
    try {
      return await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction('entries').objectStore('entries').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  });
  return (entries as T[]).sort((a, b) => (a.id < b.id ? -1 : 1));
}
