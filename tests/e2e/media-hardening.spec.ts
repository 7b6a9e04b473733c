/**
 * Camera and microphone under stress, on Chromium's fake devices:
 * - each getUserMedia failure (NotAllowedError, NotFoundError, NotReadableError) for the camera
 *   on the face and health pages and the microphone on the translate page and for breathing: its
 *   own message, one getUserMedia call per press (no retry loop), and what still works does
 *   (a photo on the face page, typed text on the translate page, the journal on the health page);
 * - leaving a page stops its microphone tracks (the camera's: face.spec.ts, health.spec.ts);
 * - 50 fast route changes with the camera on leave no live track, one inference worker, and
 *   the worker's tensor count where it was.
 *
 * Failures are injected by wrapping getUserMedia in an init script with the DOMException the
 * browser raises (the real permission-denied and no-camera launches are in face.spec.ts,
 * health.spec.ts and vad.spec.ts); everything else is the real fake device.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { faceMedia } from '../media/face-media';
import { TINY_DIR } from './translate-models';
import { chooseLanguages, downloadModel, openTranslate } from './translate-app';

test.skip(({ isMobile }) => isMobile, 'laptop only');

type Kind = 'video' | 'audio';

interface MediaLog {
  /** getUserMedia calls, by what they asked for. */
  calls: Kind[];
  /** The DOMException name the next calls for a kind reject with (null: the real device). */
  fail: Partial<Record<Kind, string | null>>;
  streams: MediaStream[];
  workers: { name: string; terminated: boolean }[];
}

/** Wraps getUserMedia and Worker before the app loads; see MediaLog. */
async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: MediaLog = { calls: [], fail: {}, streams: [], workers: [] };
    (window as unknown as { mediaLog: MediaLog }).mediaLog = log;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const kind: Kind = constraints?.video ? 'video' : 'audio';
      log.calls.push(kind);
      const failure = log.fail[kind];
      if (failure) throw new DOMException(`Injected ${failure}`, failure);
      const stream = await original(constraints);
      log.streams.push(stream);
      return stream;
    };
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      private readonly entry: { name: string; terminated: boolean };
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.entry = { name: options?.name ?? String(url), terminated: false };
        log.workers.push(this.entry);
      }
      override terminate(): void {
        this.entry.terminated = true;
        super.terminate();
      }
    };
  });
}

const mediaLog = (page: Page) =>
  page.evaluate(() => {
    const log = (window as unknown as { mediaLog: MediaLog }).mediaLog;
    return {
      calls: [...log.calls],
      live: log.streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
      tracks: log.streams.flatMap((s) => s.getTracks()).length,
      workers: log.workers.filter((w) => !w.terminated).map((w) => w.name),
      workersCreated: log.workers.length,
    };
  });

const failWith = (page: Page, kind: Kind, name: string | null) =>
  page.evaluate(
    ([kind, name]) => ((window as unknown as { mediaLog: MediaLog }).mediaLog.fail[kind] = name),
    [kind, name] as const,
  );

const calls = async (page: Page, kind: Kind) => (await mediaLog(page)).calls.filter((c) => c === kind).length;

/** The three failures and what each must say (media-error.ts words them). */
const FAILURES = [
  {
    name: 'NotAllowedError',
    code: 'denied',
    text: /access is blocked\. Allow the (camera|microphone) for this site/,
  },
  { name: 'NotFoundError', code: 'not-found', text: /No (camera|microphone) was found on this device/ },
  { name: 'NotReadableError', code: 'busy', text: /in use by another app or tab, or the system blocked it/ },
] as const;

/** How long the test watches for a retry after a failure. */
const WATCH_FOR_RETRY_MS = 3000;

/**
 * Presses `start` once per failure kind: the error element shows that failure's code and words,
 * exactly one getUserMedia call of `kind` was made, and none follows over a few seconds.
 */
async function eachFailure(
  page: Page,
  kind: Kind,
  prefix: 'camera' | 'mic',
  start: () => Promise<void>,
  errorTestId: string,
  fallback: RegExp,
  afterEach: () => Promise<void> = async () => undefined,
): Promise<void> {
  for (const failure of FAILURES) {
    await failWith(page, kind, failure.name);
    const before = await calls(page, kind);
    await start();
    const error = page.getByTestId(errorTestId);
    await expect(error).toHaveAttribute('data-code', `${prefix}/${failure.code}`);
    await expect(error).toContainText(failure.text);
    await expect(error).toContainText(fallback);
    expect(await calls(page, kind), `${failure.name}: one getUserMedia call per press`).toBe(before + 1);
    await page.waitForTimeout(WATCH_FOR_RETRY_MS);
    expect(await calls(page, kind), `${failure.name}: no retry`).toBe(before + 1);
    expect((await mediaLog(page)).live, `${failure.name}: nothing left open`).toBe(0);
    await afterEach();
  }
  await failWith(page, kind, null);
}

test.describe('camera or microphone fails', () => {
  test('face camera: a message per error, no retry, and photos still work', async ({ page }) => {
    await instrument(page);
    await page.goto('/face?backend=wasm');
    const count = page.getByTestId('face-count');
    await eachFailure(
      page,
      'video',
      'camera',
      () => page.getByRole('button', { name: 'Start camera' }).click(),
      'camera-error',
      /You can still open a photo/,
      async () => {
        await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible();
        await page.getByTestId('image-input').setInputFiles(faceMedia().photos['one-man']!.path);
        await expect(count).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
        await expect(count).toHaveText('1');
        await expect(page.getByTestId('camera-error')).toHaveCount(0);
      },
    );
  });

  test('health camera: a message per error, no retry, and the journal still works', async ({ page }) => {
    await instrument(page);
    await page.goto('/health?backend=wasm');
    await eachFailure(
      page,
      'video',
      'camera',
      () => page.getByTestId('start-measurement').click(),
      'camera-error',
      /The journal below still works/,
      async () => {
        await expect(page.getByTestId('start-measurement')).toBeEnabled();
        await expect(page.getByTestId('journal')).toBeVisible();
      },
    );
    // The journal does work: an entry imported now is listed.
    await page
      .getByTestId('journal-import')
      .setInputFiles(join(import.meta.dirname, '../fixtures/journal/valid-export.json'));
    await expect(page.getByTestId('journal-count')).toHaveText('5');
  });

  test('health breathing microphone: a message per error, no retry, and the camera is released', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await instrument(page);
    await page.goto('/health?backend=wasm');
    await page.getByTestId('breathing-source').selectOption('microphone');
    // The camera opens first (the real fake camera), then the microphone fails: the measurement
    // stops with the microphone's message and the camera is closed again (eachFailure checks).
    await eachFailure(
      page,
      'audio',
      'mic',
      () => page.getByTestId('start-measurement').click(),
      'camera-error',
      /The journal below still works/,
      async () => {
        await expect(page.getByTestId('start-measurement')).toBeEnabled();
        expect(await calls(page, 'video')).toBeGreaterThan(0);
      },
    );
  });

  test('translate microphone: a message per error, no retry, and typed text still translates', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    type Pairs = Record<string, { cases: { text: string; translation: string }[] }>;
    const pairs = (
      JSON.parse(readFileSync(join(TINY_DIR, 'expected.json'), 'utf8')) as { marian: { pairs: Pairs } }
    ).marian.pairs;
    await instrument(page);
    await openTranslate(
      page,
      testInfo,
      async () => {
        await page.getByTestId('speech-mode-hands-free').check({ force: true });
        const mic = page.getByTestId('mic-button');
        await eachFailure(
          page,
          'audio',
          'mic',
          () => mic.click(),
          'mic-error',
          /You can still type the text to translate/,
          () => expect(mic).toHaveAttribute('data-state', 'idle'),
        );
        await chooseLanguages(page, 'en', 'de');
        await downloadModel(page, 'opus-mt-en-de');
        await page.getByTestId('source-text').fill('hello world');
        await page.getByTestId('translate-button').click();
        await expect(page.getByTestId('translation-output')).toHaveText(
          pairs['opus-mt-en-de']!.cases.find((c) => c.text === 'hello world')!.translation,
          { timeout: 60_000 },
        );
        await expect(page.getByTestId('mic-error')).toBeVisible();
      },
      4900,
    );
  });
});

test.describe('leaving a page stops the microphone', () => {
  test('translate: listening hands-free, then Home: the microphone track ends', async ({ page }) => {
    await instrument(page);
    await page.goto('/translate');
    await page.getByTestId('speech-mode-hands-free').check({ force: true });
    await page.getByTestId('mic-button').click();
    await expect(page.getByTestId('mic-button')).toHaveAttribute('data-state', 'listening', {
      timeout: 30_000,
    });
    expect((await mediaLog(page)).live).toBe(1);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect.poll(async () => (await mediaLog(page)).live).toBe(0);
  });

  test('health: measuring with breathing from the microphone, then Home: camera and microphone end', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await instrument(page);
    await page.goto('/health?backend=wasm');
    await page.getByTestId('breathing-source').selectOption('microphone');
    await page.getByTestId('start-measurement').click();
    await expect(page.getByTestId('vitals-stats')).toHaveAttribute('data-backend', 'wasm', {
      timeout: 60_000,
    });
    expect((await mediaLog(page)).live).toBe(2);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect.poll(async () => (await mediaLog(page)).live).toBe(0);
  });
});

test.describe('fast route changes', () => {
  /** The worker's tensor count as the face page's live stats show it, once it is sampled. */
  async function liveTensors(page: Page): Promise<string> {
    const stats = page.getByTestId('stage-stats');
    await expect(stats).not.toHaveAttribute('data-tensors', '', { timeout: 60_000 });
    return (await stats.getAttribute('data-tensors'))!;
  }

  async function nav(page: Page, name: 'Face' | 'Health' | 'Translate' | 'Home', heading: string) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }

  test('50 route changes with the camera on: no live track, one worker, tensors back to baseline', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await instrument(page);
    // WebAssembly on every page, as Settings would choose it (the links carry no ?backend=): a
    // model is loaded once per backend, so mixing backends would load more models, not leak them.
    await page.addInitScript(() => localStorage.setItem('offgrid.backend', 'wasm'));
    // Warm-up: each page's models load once (they stay loaded by design), then the baseline.
    await page.goto('/health?backend=wasm');
    await page.getByTestId('start-measurement').click();
    await expect(page.getByTestId('vitals-stats')).toHaveAttribute('data-backend', 'wasm', {
      timeout: 60_000,
    });
    await nav(page, 'Face', 'Face detection');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect
      .poll(async () => Number(await page.getByTestId('face-count').getAttribute('data-frame')), {
        timeout: 60_000,
      })
      .toBeGreaterThan(5);
    const baseline = await liveTensors(page);

    // 50 changes: Face (camera started) → Health (measurement started) → Translate → Face …, not
    // waiting for the camera or the models: pages are left while their camera is still opening.
    const cycle = [
      {
        name: 'Health',
        heading: 'Health tracking',
        start: () => page.getByTestId('start-measurement').click(),
      },
      { name: 'Translate', heading: 'Translation', start: async () => undefined },
      {
        name: 'Face',
        heading: 'Face detection',
        start: () => page.getByRole('button', { name: 'Start camera' }).click(),
      },
    ] as const;
    for (let i = 0; i < 50; i += 1) {
      const step = cycle[i % cycle.length]!;
      await nav(page, step.name, step.heading);
      await step.start();
    }
    await nav(page, 'Home', 'AI that stays on your device');
    await expect
      .poll(async () => (await mediaLog(page)).live, { message: 'every camera track has ended' })
      .toBe(0);
    const log = await mediaLog(page);
    console.log(
      `[metric] 50 route changes: ${log.calls.length} getUserMedia calls, ${log.tracks} tracks, ${log.live} live; ` +
        `workers created ${log.workersCreated}, alive ${JSON.stringify(log.workers)}`,
    );
    expect(log.workers, 'one inference worker, and no other').toEqual(['offgrid-inference']);

    // The camera again: the worker holds as many tensors as before the 50 changes.
    await nav(page, 'Face', 'Face detection');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect
      .poll(async () => Number(await page.getByTestId('face-count').getAttribute('data-frame')), {
        timeout: 60_000,
      })
      .toBeGreaterThan(5);
    await expect
      .poll(() => liveTensors(page), { timeout: 30_000, message: `tensors back to ${baseline}` })
      .toBe(baseline);
    console.log(
      `[metric] worker tensors: ${baseline} before the 50 route changes, ${await liveTensors(page)} after`,
    );
    expect((await mediaLog(page)).live).toBe(1);
  });
});
