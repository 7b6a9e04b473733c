import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const BUILD_DIR = join(PROJECT_ROOT, 'dist');
export const NEXT_BUILD_DIR = join(PROJECT_ROOT, 'dist-next');
export const NEXT_BUILD_ID = 'e2e-next';
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

/** Starts `npm start`'s server on its own port over another folder; stop it with kill(). */
export async function startServer(root: string, port: number): Promise<ChildProcess> {
  const server = spawn('node', ['scripts/serve.mjs', '--no-build', '--root', root, '--port', String(port)], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('is running at')) ready();
    });
    server.once('exit', (code) => fail(new Error(`The test server exited with ${code}`)));
  });
  return server;
}
