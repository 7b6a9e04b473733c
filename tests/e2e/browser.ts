/**
 * Finds the Chromium the end-to-end tests drive, and the flags that give it WebGPU,
 * WebGL and fake media in software. Order: CHROMIUM_PATH, /usr/bin/chromium, Playwright's own.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const HOW_TO_GET_ONE = [
  'No Chromium found for the end-to-end tests. Get one of these:',
  '  • Debian/Ubuntu: sudo apt-get install -y chromium   (gives /usr/bin/chromium)',
  '  • Anywhere with internet access: npx playwright install chromium',
  '  • Or point CHROMIUM_PATH at any Chromium or Chrome binary.',
].join('\n');

export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.\n${HOW_TO_GET_ONE}`);
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error(HOW_TO_GET_ONE);
}

/** This machine has no network and no GPU: keep Chromium quiet and use SwiftShader for both GPU APIs. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
] as const;
