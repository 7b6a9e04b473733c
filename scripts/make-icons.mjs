#!/usr/bin/env node
// @ts-check
/**
 * `node scripts/make-icons.mjs`: renders the app icons in public/icons from their SVG sources
 * with headless Chromium (playwright-core), so the PNGs the manifest lists can be regenerated
 * after an edit to the SVGs:
 *
 *   icon.svg          -> icon-192.png, icon-512.png   (transparent outside the rounded square)
 *   icon-maskable.svg -> icon-maskable-512.png        (full-bleed, opaque)
 *   icon-maskable.svg -> apple-touch-icon-180.png     (full-bleed, opaque: iOS rounds the corners
 *                                                      itself and fills transparency with black)
 *
 * `node scripts/make-icons.mjs apple-touch-icon-180.png` renders only the PNGs named.
 * Chromium is taken from $CHROMIUM_PATH, else /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const ICONS = join(PROJECT, 'public', 'icons');

/**
 * @typedef {object} IconJob
 * @property {string} source SVG file name in public/icons.
 * @property {string} output PNG file name in public/icons.
 * @property {number} size Width and height of the PNG, in pixels.
 * @property {boolean} transparent Whether the page background is left out (alpha channel kept).
 */

/** @type {IconJob[]} */
const JOBS = [
  { source: 'icon.svg', output: 'icon-192.png', size: 192, transparent: true },
  { source: 'icon.svg', output: 'icon-512.png', size: 512, transparent: true },
  { source: 'icon-maskable.svg', output: 'icon-maskable-512.png', size: 512, transparent: false },
  { source: 'icon-maskable.svg', output: 'apple-touch-icon-180.png', size: 180, transparent: false },
];

/**
 * An HTML page that shows `svg` inline at exactly `size` x `size` CSS pixels in the top-left corner.
 * @param {string} svg
 * @param {number} size
 * @returns {string}
 */
function pageFor(svg, size) {
  const inline = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<style>
  html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; }
  svg { display: block; width: ${size}px; height: ${size}px; }
</style>
</head>
<body>${inline}</body>
</html>`;
}

async function main() {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !JOBS.some((job) => job.output === name));
  if (unknown.length) {
    throw new Error(
      `No icon job writes ${unknown.join(', ')}; known: ${JOBS.map((job) => job.output).join(', ')}`,
    );
  }
  const jobs = only.length ? JOBS.filter((job) => only.includes(job.output)) : JOBS;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    for (const job of jobs) {
      const svg = readFileSync(join(ICONS, job.source), 'utf8');
      const context = await browser.newContext({
        viewport: { width: job.size, height: job.size },
        deviceScaleFactor: 1,
      });
      try {
        const page = await context.newPage();
        await page.setContent(pageFor(svg, job.size), { waitUntil: 'load' });
        const box = await page.locator('svg').first().boundingBox();
        if (!box || Math.round(box.width) !== job.size || Math.round(box.height) !== job.size) {
          throw new Error(
            `${job.source}: rendered at ${box ? `${box.width}x${box.height}` : 'no size'}, expected ${job.size}x${job.size}`,
          );
        }
        const path = join(ICONS, job.output);
        await page.screenshot({
          path,
          type: 'png',
          clip: { x: 0, y: 0, width: job.size, height: job.size },
          omitBackground: job.transparent,
        });
        console.log(`wrote ${relative(PROJECT, path)} (${job.size}x${job.size})`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((/** @type {unknown} */ error) => {
  console.error(error);
  process.exitCode = 1;
});
