/**
 * The health journal, driven like a person would: import, export, delete, charts, and the
 * entries outliving a reload and an app update. Seeded through the page's own import.
 */
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { JournalEntry, JournalKind } from '../../src/storage/journal-schema';
import {
  CSV_COLUMNS,
  DEFAULT_MAX_IMPORT_BYTES,
  DEFAULT_MAX_IMPORT_ENTRIES,
  KIND_UNIT,
  toJson,
} from '../../src/storage/journal-io';
import { formatBytes } from '../../src/shared/format';
import { describeLongTasks, longestTask, watchLongTasks } from './long-tasks';
import { HOSTILE_MEDIA_DIR } from '../media/hostile-media';
import {
  BUILD_DIR,
  NEXT_BUILD_DIR,
  NEXT_BUILD_ID,
  PROJECT_ROOT,
  SCREENSHOT_DIR,
  journalEntries,
  saveScreenshot,
  startServer,
  testPort,
  waitForServiceWorker,
} from './helpers';

const FIXTURES = join(PROJECT_ROOT, 'tests', 'fixtures', 'journal');
const FIXTURE_COUNT = 5;
/** Rows the list shows before "Show more" (PAGE_SIZE in EntryList.tsx). */
const LIST_PAGE = 20;
const DAY = 86_400_000;
/** Files are read, checked and stored in the journal worker: the page stays under one frame's budget. */
const IMPORT_TASK_BOUND_MS = 50;

/** Two weeks of plausible measurements of every kind, ending an hour ago. */
function sampleEntries(now = Date.now()): JournalEntry[] {
  const plan: [JournalKind, number, (i: number) => number, string | undefined][] = [
    ['heart-rate', 12, (i) => Math.round((68 + 6 * Math.sin(i / 2) + (i % 3)) * 10) / 10, 'rppg-pos'],
    ['breathing-rate', 9, (i) => Math.round((14 + 2 * Math.cos(i)) * 10) / 10, 'microphone'],
    ['reps-squat', 7, (i) => 12 + 2 * i, 'movenet'],
    ['reps-jumping-jack', 5, (i) => 20 + 3 * i, 'movenet'],
  ];
  return plan.flatMap(([kind, count, value, method], k) =>
    Array.from({ length: count }, (_, i) => ({
      id: `sample-${kind}-${i}`,
      kind,
      value: value(i),
      unit: KIND_UNIT[kind],
      quality: Math.round((0.6 + 0.35 * ((i * 7 + k) % 5) * 0.25) * 100) / 100,
      start:
        now - 3_600_000 - Math.round(((count - 1 - i) * 13 * DAY) / Math.max(1, count - 1)) - k * 600_000,
      durationMs: 30_000 + 5_000 * (i % 4),
      ...(method !== undefined && { method }),
      source: kind === 'breathing-rate' ? ('microphone' as const) : ('camera' as const),
    })),
  );
}

const SAMPLE = sampleEntries();
const SAMPLE_FILE = {
  name: 'sample-journal.json',
  mimeType: 'application/json',
  buffer: Buffer.from(toJson(SAMPLE)),
};

/** A screenshot of the journal alone (the full page is taken in the chart test). */
async function saveJournalShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page
    .getByTestId('journal')
    .screenshot({ path: join(SCREENSHOT_DIR, `${testInfo.project.name}-${name}.png`) });
}

/** Console errors and uncaught exceptions, including CSP violations. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** Every stored entry, read straight from IndexedDB, in id order. */
const storedEntries = (page: Page) => journalEntries<JournalEntry>(page);

const byId = (entries: readonly JournalEntry[]) => [...entries].sort((a, b) => (a.id < b.id ? -1 : 1));

async function openJournalPage(page: Page, url = '/health'): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('journal')).toBeVisible();
  await expect(page.getByTestId('journal-count')).toHaveText(/^\d+$/);
}

type ImportFile = string | { name: string; mimeType: string; buffer: Buffer };

async function importFile(page: Page, file: ImportFile, mode: 'merge' | 'replace' = 'merge'): Promise<void> {
  await page.getByTestId('journal-import-mode').selectOption(mode);
  await page
    .getByTestId('journal-import')
    .setInputFiles(typeof file === 'string' ? join(FIXTURES, file) : file);
}

async function seed(page: Page, file: ImportFile, count: number): Promise<JournalEntry[]> {
  await importFile(page, file);
  await expect(page.getByTestId('journal-count')).toHaveText(String(count));
  await expect(page.getByTestId('journal-entry')).toHaveCount(Math.min(count, LIST_PAGE));
  return storedEntries(page);
}

/** Clicks an export button and returns the file the browser saved. */
async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

test.describe('health journal', () => {
  test('entries survive a reload and an app update', async ({ page }, testInfo) => {
    test.slow(); // Two deployments and a service-worker update.
    const problems = watchConsole(page);
    const live = join(mkdtempSync(join(tmpdir(), 'offgrid-journal-')), 'site');
    const deploy = (build: string) => {
      rmSync(live, { recursive: true, force: true });
      cpSync(build, live, { recursive: true });
    };
    deploy(BUILD_DIR);
    const server = await startServer(live, testPort(testInfo, 4700));
    try {
      const origin = `http://localhost:${testPort(testInfo, 4700)}`;
      await openJournalPage(page, `${origin}/health`);
      await waitForServiceWorker(page);
      const before = await seed(page, 'valid-export.json', FIXTURE_COUNT);

      await page.reload();
      await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT));
      expect(await storedEntries(page)).toEqual(before);

      // A new version is deployed; the person presses Reload on the banner.
      deploy(NEXT_BUILD_DIR);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const banner = page.getByTestId('update-banner');
      await expect(banner).toBeVisible();
      await banner.getByRole('button', { name: 'Reload' }).click();
      await expect(page.getByTestId('update-banner')).toHaveCount(0);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByTestId('app-version')).toContainText(NEXT_BUILD_ID);

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health' }).click();
      await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT));
      await expect(page.getByTestId('journal-entry')).toHaveCount(FIXTURE_COUNT);
      expect(await storedEntries(page)).toEqual(before);
      expect(problems).toEqual([]);
    } finally {
      server.kill();
      rmSync(live, { recursive: true, force: true });
    }
  });

  test('export JSON and import it back (replace) round-trips exactly; CSV has a row per entry', async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await openJournalPage(page);
    const before = await seed(page, 'valid-export.json', FIXTURE_COUNT);
    // Nothing is sent anywhere: exporting and importing request only the app's own file worker.
    const requests: string[] = [];
    page.on('request', (request) => {
      if (/^https?:/.test(request.url())) requests.push(`${request.method()} ${request.url()}`);
    });
    const origin = new URL(page.url()).origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ownWorker = new RegExp(`^GET ${origin}/assets/journal\\.worker-[\\w-]+\\.js$`);

    const json = await download(page, 'journal-export-json');
    expect(json.name).toMatch(/^offgrid-journal-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(json.text) as { format: string; version: number; entries: JournalEntry[] };
    expect(exported).toMatchObject({ format: 'offgrid-journal', version: 1 });
    expect(byId(exported.entries)).toEqual(before);

    const csv = await download(page, 'journal-export-csv');
    expect(csv.name).toMatch(/^offgrid-journal-\d{4}-\d{2}-\d{2}\.csv$/);
    // Rows end in CRLF; a line break inside a quoted note is a bare LF.
    const rows = csv.text.split('\r\n').filter((row) => row !== '');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(FIXTURE_COUNT + 1);
    for (const entry of before) expect(rows.filter((row) => row.startsWith(`${entry.id},`))).toHaveLength(1);

    // Change the journal, then replace it with the exported file.
    await page
      .getByTestId('journal-entry')
      .first()
      .getByRole('button', { name: /^Delete/ })
      .click();
    await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT - 1));
    await seed(page, SAMPLE_FILE, FIXTURE_COUNT - 1 + SAMPLE.length);
    await importFile(
      page,
      { name: json.name, mimeType: 'application/json', buffer: Buffer.from(json.text) },
      'replace',
    );
    await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT));
    expect(await storedEntries(page)).toEqual(before);
    const shownIds = await page
      .getByTestId('journal-entry')
      .evaluateAll((rows) => rows.map((row) => row.dataset.id));
    expect(shownIds.sort()).toEqual(before.map((entry) => entry.id));
    expect(requests.filter((request) => !ownWorker.test(request))).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('a malformed import is refused with the reason, and the journal is unchanged', async ({
    page,
  }, testInfo) => {
    const problems = watchConsole(page);
    await openJournalPage(page);
    const before = await seed(page, 'valid-export.json', FIXTURE_COUNT);
    const error = page.getByTestId('journal-error');
    for (const [file, reason] of [
      ['bad-json.txt', 'invalid JSON at position 379 (line 17, column 5)'],
      ['wrong-format.json', 'not an Offgrid journal file (format is "fitness-tracker-backup")'],
      ['out-of-range.json', 'entries[3].value must be from 30 to 240 bpm for heart-rate (got 400)'],
    ] as const) {
      await importFile(page, file, 'replace');
      await expect(error).toHaveText(
        `This file cannot be imported: ${reason}. Your journal was not changed.`,
      );
      await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT));
      expect(await storedEntries(page)).toEqual(before);
      if (file === 'out-of-range.json') await saveJournalShot(page, testInfo, 'health-journal-error');
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await expect(error).toHaveCount(0);
    }
    expect(problems).toEqual([]);
  });

  test('a huge import (50 MB, 1,000,000 entries, too many entries) is refused with the reason, and a 5 MB one imports, without freezing the page', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name === 'phone', 'laptop only: the files are large');
    test.setTimeout(180_000);
    const problems = watchConsole(page);
    await openJournalPage(page);
    const before = await seed(page, 'valid-export.json', FIXTURE_COUNT);
    const error = page.getByTestId('journal-error');
    const fiftyMb = hugeJournal('journal-50mb.json', { bytes: 50_000_000 });
    const million = hugeJournal('journal-1m-entries.json', { entries: 1_000_000 });
    // A path, not a buffer: Playwright builds a buffer's File inside the page, which would be
    // the page's longest task rather than the import's.
    const tooMany = join(HOSTILE_MEDIA_DIR, 'too-many.json');
    writeFileSync(
      tooMany,
      `{"format":"offgrid-journal","version":1,"exportedAt":"2026-01-01T00:00:00.000Z","entries":[${Array(
        DEFAULT_MAX_IMPORT_ENTRIES + 1,
      )
        .fill('{}')
        .join(',')}]}`,
    );
    const cases = [
      [
        fiftyMb.path,
        `file is ${formatBytes(fiftyMb.bytes)}; the limit is ${formatBytes(DEFAULT_MAX_IMPORT_BYTES)}`,
      ],
      [
        million.path,
        `file is ${formatBytes(million.bytes)}; the limit is ${formatBytes(DEFAULT_MAX_IMPORT_BYTES)}`,
      ],
      [
        tooMany,
        `file has ${DEFAULT_MAX_IMPORT_ENTRIES + 1} entries; the limit is ${DEFAULT_MAX_IMPORT_ENTRIES}`,
      ],
    ] as const;
    for (const [file, reason] of cases) {
      await watchLongTasks(page, IMPORT_TASK_BOUND_MS);
      await page.getByTestId('journal-import-mode').selectOption('replace');
      await page.getByTestId('journal-import').setInputFiles(file);
      await expect(error).toHaveText(
        `This file cannot be imported: ${reason}. Your journal was not changed.`,
      );
      const tasks = await longestTask(page);
      const name = file.split('/').at(-1);
      console.log(`[metric] journal import of ${name}: refused; ${describeLongTasks(tasks)}`);
      expect(
        tasks.longest,
        `${name}: no main-thread task over ${tasks.bound.toFixed(0)} ms`,
      ).toBeLessThanOrEqual(tasks.bound);
      await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT));
      expect(await storedEntries(page)).toEqual(before);
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await expect(error).toHaveCount(0);
    }
    // The largest file the limit lets in (just under it) imports whole, and the page stays responsive.
    const largest = hugeJournal('journal-at-limit.json', { bytes: DEFAULT_MAX_IMPORT_BYTES - 20_000 });
    await watchLongTasks(page, IMPORT_TASK_BOUND_MS);
    await page.getByTestId('journal-import-mode').selectOption('replace');
    await page.getByTestId('journal-import').setInputFiles(largest.path);
    await expect(page.getByTestId('journal-count')).toHaveText(String(largest.entries), { timeout: 60_000 });
    await expect(page.getByTestId('journal-notice')).toHaveText(
      `Replaced the journal with ${largest.entries} imported entries (${FIXTURE_COUNT} removed).`,
    );
    const tasks = await longestTask(page);
    console.log(
      `[metric] journal import of ${formatBytes(largest.bytes)} (${largest.entries} entries): ${describeLongTasks(tasks)}`,
    );
    expect(
      tasks.longest,
      `5 MB import: no main-thread task over ${tasks.bound.toFixed(0)} ms`,
    ).toBeLessThanOrEqual(tasks.bound);
    expect(problems).toEqual([]);
  });

  test('deletes one entry, and all of them after a confirmation', async ({ page }, testInfo) => {
    const problems = watchConsole(page);
    await openJournalPage(page);
    const before = await seed(page, 'valid-export.json', FIXTURE_COUNT);
    const victim = before[2]!;
    // Another tab of the app follows every change.
    const otherTab = await page.context().newPage();
    await openJournalPage(otherTab);
    await expect(otherTab.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT));

    await page.locator(`[data-testid="journal-entry"][data-id="${victim.id}"]`).getByRole('button').click();
    await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT - 1));
    await expect(page.locator(`[data-id="${victim.id}"]`)).toHaveCount(0);
    expect(await storedEntries(page)).toEqual(before.filter((entry) => entry !== victim));
    // Focus stays in the list, on the next row's delete button.
    await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^Delete /);
    await expect(otherTab.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT - 1));

    // The first press only asks; Cancel keeps everything.
    await page.getByTestId('journal-delete-all').click();
    await expect(page.getByTestId('journal-delete-confirm')).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('journal-delete-confirm')).toHaveCount(0);
    await expect(page.getByTestId('journal-count')).toHaveText(String(FIXTURE_COUNT - 1));

    await page.getByTestId('journal-delete-all').click();
    await saveJournalShot(page, testInfo, 'health-journal-confirm');
    await page.getByTestId('journal-delete-confirm').click();
    await expect(page.getByTestId('journal-count')).toHaveText('0');
    await expect(page.getByTestId('journal-entry')).toHaveCount(0);
    await expect(page.getByTestId('journal-chart')).toHaveCount(0);
    await expect(page.getByText('No measurements yet')).toBeVisible();
    await saveJournalShot(page, testInfo, 'health-journal-empty');
    expect(await storedEntries(page)).toEqual([]);
    await expect(otherTab.getByTestId('journal-count')).toHaveText('0');
    await page.reload();
    await expect(page.getByTestId('journal-count')).toHaveText('0');
    expect(problems).toEqual([]);
  });

  test('draws a trend chart per metric that fits its box, in light and dark', async ({ page }, testInfo) => {
    test.slow(); // Accessibility scans and full-page screenshots, twice.
    const problems = watchConsole(page);
    await openJournalPage(page);
    await seed(page, SAMPLE_FILE, SAMPLE.length);

    const charts = page.getByTestId('journal-chart');
    const kinds = [...new Set(SAMPLE.map((entry) => entry.kind))];
    await expect(charts).toHaveCount(kinds.length);
    expect(await charts.evaluateAll((figures) => figures.map((f) => f.dataset.kind))).toEqual(kinds);

    /** Each chart's canvas against its figure's content box: drawn, and no wider than the box. */
    const fits = () =>
      expect(async () => {
        const sizes = await charts.evaluateAll((figures) =>
          figures.map((figure) => {
            const style = getComputedStyle(figure);
            const inner = figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const canvas = figure.querySelector('canvas')?.getBoundingClientRect();
            return { inner, width: canvas?.width ?? 0, height: canvas?.height ?? 0 };
          }),
        );
        for (const { inner, width, height } of sizes) {
          expect(height).toBeGreaterThan(100);
          expect(width).toBeGreaterThan(inner * 0.9);
          expect(width).toBeLessThanOrEqual(inner + 0.5);
        }
      }).toPass();
    await fits();
    const axe = () =>
      new AxeBuilder({ page })
        .include('[data-testid="journal"]')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
        .analyze();
    expect((await axe()).violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await saveScreenshot(page, testInfo, 'health-journal');

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(15, 20, 18)');
    await fits();
    expect((await axe()).violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await saveScreenshot(page, testInfo, 'health-journal-dark');

    // A long journal lists the newest entries first, and the rest on request.
    await page.getByRole('button', { name: /^Show more/ }).click();
    await expect(page.getByTestId('journal-entry')).toHaveCount(SAMPLE.length);

    // The charts follow their container when the window changes size.
    const { width } = page.viewportSize()!;
    await page.setViewportSize({ width: width > 600 ? 600 : 360, height: 800 });
    await expect
      .poll(async () => (await charts.first().locator('canvas').boundingBox())!.width)
      .toBeLessThan(width > 600 ? 600 : 360);
    await fits();
    expect(problems).toEqual([]);
  });
});

/**
 * A valid-looking journal export of `entries` entries, or of about `bytes` bytes, written in
 * pieces under dist-media/hostile (kept between runs).
 */
function hugeJournal(
  name: string,
  size: { bytes: number } | { entries: number },
): { path: string; bytes: number; entries: number } {
  const path = join(HOSTILE_MEDIA_DIR, name);
  const meta = `${path}.meta.json`;
  if (existsSync(path) && existsSync(meta))
    return { path, ...(JSON.parse(readFileSync(meta, 'utf8')) as { bytes: number; entries: number }) };
  mkdirSync(HOSTILE_MEDIA_DIR, { recursive: true });
  const start = Date.UTC(2025, 0, 1);
  const entry = (i: number) =>
    JSON.stringify({
      id: `huge-${i}`,
      kind: 'heart-rate',
      value: 60 + (i % 40),
      unit: 'bpm',
      quality: 0.9,
      start: start + i * 60_000,
      durationMs: 30_000,
      method: 'rppg-pos',
      source: 'camera',
    });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let bytes = 0;
  let entries = 0;
  const write = (text: string) => {
    bytes += writeSync(fd, text);
  };
  const head = '{"format":"offgrid-journal","version":1,"exportedAt":"2026-01-01T00:00:00.000Z","entries":[';
  const tail = ']}\n';
  try {
    write(head);
    const more = () =>
      'entries' in size
        ? entries < size.entries
        : bytes + entry(entries).length + 1 + tail.length <= size.bytes;
    const chunk: string[] = [];
    while (more()) {
      chunk.push(`${entries === 0 ? '' : ','}${entry(entries)}`);
      entries += 1;
      if (chunk.length === 10_000) write(chunk.splice(0).join(''));
      // The byte count lags by the unwritten chunk: flush before the last stretch.
      if (!('entries' in size) && bytes + chunk.length * 200 > size.bytes - 1_000_000)
        write(chunk.splice(0).join(''));
    }
    write(chunk.join(''));
    write(tail);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  writeFileSync(meta, JSON.stringify({ bytes, entries }));
  return { path, bytes, entries };
}
