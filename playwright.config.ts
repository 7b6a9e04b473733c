import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from './tests/e2e/browser';

/** The e2e server is `npm start` itself on its own port, so tests see exactly what users get. */
/** Specs whose results depend on the fake camera or microphone keeping time. */
const CAMERA_CLIPS = /(health|health-motion|health-reps|vad|speech)\.spec\.ts$/;

/** Cross-engine measurements that run only on request. */
const ENGINE_MEASUREMENTS = process.env.ENGINES_MEMORY ? [] : [/memory\.spec\.ts$/];

/**
 * What every cross-engine project shares. A test whose engine closed under it (MiniBrowser under
 * Xvfb once lost its session in CI) runs once more in a fresh engine, printing "[engine-closed]";
 * any other failure is not retried (tests/engines/fixtures.ts refuses the retry).
 */
const ENGINE_PROJECT = { testDir: 'tests/engines', timeout: 180_000, retries: 1 };

export const E2E_PORT = Number(process.env.E2E_PORT ?? 4174);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/output',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  // CI machines have 2 cores, and each test drives a Chromium that renders WebGL and WebGPU in
  // software: two at once starve the timing-sensitive tests (long tasks, camera frame rates).
  workers: process.env.CI ? 1 : 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'test-results/report' }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: findChromium(), args: [...CHROMIUM_FLAGS] },
  },
  projects: [
    // The cross-engine suite (tests/engines): WebKitGTK as it ships, WebKitGTK with the features
    // Safari 26 turns on, and Firefox ESR. Driven through WebDriver, not Playwright's browsers.
    // memory.spec.ts measures each demo's peak memory per engine: a measurement, run on request
    // (ENGINES_MEMORY=1), like the benchmarks.
    { name: 'webkit', ...ENGINE_PROJECT, testIgnore: ENGINE_MEASUREMENTS },
    { name: 'firefox', ...ENGINE_PROJECT, testIgnore: ENGINE_MEASUREMENTS },
    // Only the camera differs with Safari's features on: its frames take the transferred-track path.
    { name: 'safari', ...ENGINE_PROJECT, testMatch: /face\.spec\.ts$/ },
    // Chromium through the same harness, only on request: side-by-side numbers for the other engines.
    ...(process.env.ENGINES_CHROMIUM
      ? [{ name: 'chromium', testDir: 'tests/engines', timeout: 180_000 }]
      : []),
    {
      name: 'phone',
      testDir: 'tests/e2e',
      testIgnore: CAMERA_CLIPS,
      use: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
    },
    {
      name: 'laptop',
      testDir: 'tests/e2e',
      testIgnore: CAMERA_CLIPS,
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      // The heart-rate and speech clips run last, one at a time, with nothing else on the machine:
      // Chromium's file camera plays slower than real time when the CPU is busy (see
      // health.spec.ts), and voice detection must keep up with the fake microphone.
      name: 'camera-clips',
      testDir: 'tests/e2e',
      testMatch: CAMERA_CLIPS,
      dependencies: ['phone', 'laptop'],
      fullyParallel: false,
      use: { viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: {
    command: `node scripts/serve.mjs --port ${E2E_PORT}`,
    url: `http://localhost:${E2E_PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
  },
});
