/**
 * Text translation end to end, on the project's tiny opus-mt stand-ins (made by models/tiny,
 * served by a local stand-in for the model host at the registry's revision paths): the page
 * names a missing model and its size, downloads it through the model store, translates, and
 * translates again with the network off. Expected outputs are the generator's own numpy
 * decodings (tests/fixtures/models/tiny/expected.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { goOffline, saveScreenshot } from './helpers';
import { describeLongTasks, longestTask, watchLongTasks } from './long-tasks';
import { TINY_DIR } from './translate-models';
import { chooseLanguages as choose, downloadModel as download, openTranslate } from './translate-app';

test.skip(({ isMobile }) => isMobile, 'model downloads are tested on one profile');
test.setTimeout(180_000);

type Pairs = Record<string, { cases: { text: string; translation: string }[] }>;
const pairs = (
  JSON.parse(readFileSync(join(TINY_DIR, 'expected.json'), 'utf8')) as { marian: { pairs: Pairs } }
).marian.pairs;
const translation = (pair: string, text: string) =>
  pairs[pair]!.cases.find((c) => c.text === text)!.translation;

async function translate(page: Page, text: string): Promise<string> {
  await page.getByTestId('source-text').fill(text);
  await page.getByTestId('translate-button').click();
  const output = page.getByTestId('translation-output');
  await expect(output).toHaveAttribute('data-state', /done|failed/, { timeout: 60_000 });
  await expect(page.getByTestId('translate-error')).toHaveCount(0);
  await expect(output).toHaveAttribute('data-state', 'done');
  return (await output.textContent()) ?? '';
}

test('a missing pair is named with its size, downloads through the store, and then translates offline', async ({
  page,
  context,
}, testInfo) => {
  await openTranslate(page, testInfo, async (host) => {
    await choose(page, 'en', 'de');
    await expect(page.getByTestId('translate-button')).toBeDisabled();
    await download(page, 'opus-mt-en-de');
    expect(await translate(page, 'hello world')).toBe(translation('opus-mt-en-de', 'hello world'));
    await expect(page.getByTestId('backend')).toHaveText('wasm');
    await saveScreenshot(page, testInfo, 'translate-text');

    // With the network off, the stored pair still translates and nothing reaches the host.
    const requests = host.requests.length;
    await context.setOffline(true);
    await page.reload();
    await goOffline(context);
    await choose(page, 'en', 'de');
    const text = 'the cat and the dog drink water';
    expect(await translate(page, text)).toBe(translation('opus-mt-en-de', text));
    // A pair that is not stored says so, and cannot be downloaded offline.
    await choose(page, 'en', 'fr');
    const missing = page.locator('[data-testid="missing-model"][data-model-id="opus-mt-en-fr"]');
    await expect(missing).toContainText('You are offline');
    await expect(missing.getByRole('button', { name: /Download/ })).toBeDisabled();
    await expect(page.getByTestId('translate-button')).toBeDisabled();
    expect(host.requests.length).toBe(requests);
    await context.setOffline(false);
  });
});

test('a pair without a direct model goes through English, and says so', async ({ page }, testInfo) => {
  await openTranslate(page, testInfo, async () => {
    await choose(page, 'es', 'fr');
    await expect(page.getByTestId('pivot-note')).toContainText('through English');
    await download(page, 'opus-mt-es-en');
    await download(page, 'opus-mt-en-fr');
    const english = translation('opus-mt-es-en', 'hola mundo');
    expect(await translate(page, 'hola mundo')).toBe(translation('opus-mt-en-fr', english));
  });
});

test('long text streams sentence by sentence and stops on cancel; emoji and right-to-left text come through', async ({
  page,
}, testInfo) => {
  await openTranslate(page, testInfo, async () => {
    await choose(page, 'en', 'de');
    await download(page, 'opus-mt-en-de');
    // About 100 kB of text: 3,000 sentences.
    const long = Array.from({ length: 3000 }, () => 'the cat and the dog drink water.').join(' ');
    // No main-thread task over 200 ms while 100 kB are pasted, streamed and cancelled.
    await watchLongTasks(page);
    await page.getByTestId('source-text').fill(long);
    await page.getByTestId('translate-button').click();
    const output = page.getByTestId('translation-output');
    // The first words include loading the model in the worker: allow for a busy machine.
    await expect(output).toContainText('der katze', { timeout: 60_000 });
    await page.getByTestId('cancel-button').click();
    await expect(output).toHaveAttribute('data-state', 'cancelled');
    const partial = (await output.textContent()) ?? '';
    expect(partial.length).toBeLessThan(long.length);
    // Nothing arrives after the cancel: over 30 of the worker's partial-output intervals
    // (PARTIAL_EVERY_MS, 100 ms) the output and its state stay exactly as they were.
    await output.evaluate((node) => {
      const seen: string[] = [];
      (window as unknown as { afterCancel: string[] }).afterCancel = seen;
      new MutationObserver(() =>
        seen.push(`${node.getAttribute('data-state')}: ${(node.textContent ?? '').length} chars`),
      ).observe(node, { attributes: true, childList: true, characterData: true, subtree: true });
    });
    await page.waitForTimeout(3000);
    expect(await page.evaluate(() => (window as unknown as { afterCancel: string[] }).afterCancel)).toEqual(
      [],
    );
    await expect(output).toHaveAttribute('data-state', 'cancelled');
    expect((await output.textContent()) ?? '').toBe(partial);
    const longText = await longestTask(page);
    console.log(`[metric] 100 kB of text: ${describeLongTasks(longText)}`);
    expect(longText.longest, '100 kB of text: no long task').toBeLessThanOrEqual(longText.bound);
    // The next request runs normally after a cancel.
    const mixed = 'hello world 😀. שלום עולם. مرحبا';
    await watchLongTasks(page);
    const result = await translate(page, mixed);
    const mixedText = await longestTask(page);
    console.log(`[metric] emoji and right-to-left text: ${describeLongTasks(mixedText)}`);
    expect(mixedText.longest, 'emoji and right-to-left text: no long task').toBeLessThanOrEqual(
      mixedText.bound,
    );
    // The tiny en-de model's vocabulary has no emoji, Hebrew or Arabic letters: each becomes
    // `<unk>`, which the model copies and decoding leaves out (a special token). So the exact
    // output is the three sentences' translations with the text's own spaces between them:
    // "hallo welt." + " " + "." + " " + "" (the last sentence is one `<unk>`).
    expect(result).toBe('hallo welt. . ');
    await expect(page.getByTestId('translate-error')).toHaveCount(0);
    // The text itself comes through unchanged: in the input box and in the history.
    await expect(page.getByTestId('source-text')).toHaveValue(mixed);
    const latest = page.getByTestId('history').locator('li').first().locator('p');
    await expect(latest.first()).toHaveText(mixed);
    await expect(latest.last()).toHaveText('hallo welt. . ');
  });
});

/**
 * Replaces the browser's speech synthesis with a recorder whose voices the test sets
 * (`window.testVoices`): headless Chromium has no voices of its own.
 */
async function fakeVoices(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {
      testVoices: { name: string; lang: string; localService: boolean; default: boolean }[];
      spoken: { text: string; voice: string }[];
    };
    w.testVoices = [];
    w.spoken = [];
    class Utterance {
      voice: { name: string } | null = null;
      lang = '';
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(readonly text: string) {}
    }
    Object.assign(window, { SpeechSynthesisUtterance: Utterance });
    Object.assign(speechSynthesis, {
      getVoices: () => w.testVoices,
      cancel: () => undefined,
      speak: (u: Utterance) => {
        w.spoken.push({ text: u.text, voice: u.voice?.name ?? '' });
        setTimeout(() => u.onend?.(), 10);
      },
    });
  });
}

test('read aloud uses a voice on this device, and says when the only voice is a server’s', async ({
  page,
}, testInfo) => {
  await fakeVoices(page);
  await openTranslate(page, testInfo, async () => {
    await choose(page, 'en', 'es');
    await download(page, 'opus-mt-en-es');
    const output = await translate(page, 'hello world');
    const read = page.getByTestId('read-aloud');
    const setVoices = (voices: { name: string; lang: string; localService: boolean }[]) =>
      page.evaluate((list) => {
        (window as unknown as { testVoices: unknown[] }).testVoices = list.map((v) => ({
          ...v,
          default: false,
        }));
      }, voices);
    const spoken = () => page.evaluate(() => (window as unknown as { spoken: unknown[] }).spoken);

    // Only a server voice speaks Spanish: the page says so and reads nothing until asked.
    await setVoices([
      { name: 'Cloud Español', lang: 'es-ES', localService: false },
      { name: 'Local English', lang: 'en-US', localService: true },
    ]);
    await read.getByRole('button', { name: 'Read aloud' }).click();
    const notice = page.getByTestId('voice-notice');
    await expect(notice).toHaveAttribute('data-kind', 'remote');
    await expect(notice).toContainText('“Cloud Español”, is not on this device');
    expect(await spoken()).toEqual([]);
    await saveScreenshot(page, testInfo, 'translate-read-aloud-remote');
    await notice.getByRole('button', { name: 'Read it with that voice anyway' }).click();
    await expect.poll(spoken).toEqual([{ text: output, voice: 'Cloud Español' }]);

    // A voice on the device is used at once, without a word about servers.
    await setVoices([
      { name: 'Cloud Español', lang: 'es-ES', localService: false },
      { name: 'eSpeak Spanish', lang: 'es', localService: true },
    ]);
    await read.getByRole('button', { name: 'Read aloud' }).click();
    await expect.poll(spoken).toHaveLength(2);
    expect((await spoken())[1]).toEqual({ text: output, voice: 'eSpeak Spanish' });
    await expect(notice).toHaveCount(0);

    // No Spanish voice at all.
    await setVoices([{ name: 'Local English', lang: 'en-US', localService: true }]);
    await read.getByRole('button', { name: 'Read aloud' }).click();
    await expect(notice).toHaveAttribute('data-kind', 'none');
    await expect(notice).toContainText('no Spanish voice');
  });
});

test('the Bench page measures a stored pair on this device and keeps the result', async ({
  page,
}, testInfo) => {
  await openTranslate(page, testInfo, async (_host, origin) => {
    await choose(page, 'en', 'es');
    await download(page, 'opus-mt-en-es');
    await page.goto(`${origin}/bench`);
    const suite = page.getByTestId('bench-suite-translate');
    await expect(suite).toBeEnabled();
    await expect(suite).toBeChecked();
    // Only translation: the camera suites are tested in face.spec.ts and bench-page.spec.ts.
    for (const other of ['face', 'quant', 'health']) await page.getByTestId(`bench-suite-${other}`).uncheck();
    await page.getByTestId('bench-backend-wasm').check();
    await expect(page.getByTestId('bench-quick')).toBeChecked();
    await page.getByTestId('bench-run').click();
    const result = page.locator('[data-testid="bench-result"][data-suite="translate"]').first();
    await expect(result).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('bench-error')).toHaveCount(0);
    const rows = result.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toHaveAttribute('data-backend', 'wasm');
    await expect(rows.first()).toHaveAttribute('data-metric', 'opus-mt-en-es, first token');
    await expect(page.getByTestId('bench-history')).toBeVisible();
    await saveScreenshot(page, testInfo, 'bench-translate');
    // Kept in this browser: a reload shows it under past results.
    await page.reload();
    await expect(page.getByTestId('bench-history')).toBeVisible();
    await page.getByText(/All 1 run/).click();
    await expect(page.locator('[data-testid="bench-result"][data-suite="translate"]')).toHaveCount(1);
  });
});
