/**
 * Speech capture and voice activity detection on the fake microphone. The clip
 * (tests/media/speech-audio.ts) is three sentences spoken by espeak-ng with known silences
 * between them; the true speech ranges come from the audio itself. Silero VAD in the inference
 * worker must find each sentence as one utterance within 0.3 s of the truth.
 *
 * Chromium's fake microphone plays the file from its start when the capture opens, and loops
 * it; the app's times count from the capture's first sample, so the two time lines agree up to
 * the few milliseconds the audio graph takes to start.
 */
import { expect, test, type Page } from '@playwright/test';
import { withOwnBrowser } from './camera-browser';
import { saveScreenshot } from './helpers';
import { speechClip, writeSpeechClip, type SpeechClip } from '../media/speech-audio';

/** How far a detected utterance's start or end may be from the truth, in seconds. */
const TOLERANCE_SEC = 0.3;

/**
 * The clip plays in real time (13 s) while the model loads; on a machine other tests load
 * heavily, loading ORT's WebAssembly and analysing can take minutes. The audio waits in order.
 */
const ANALYSIS_TIMEOUT_MS = 150_000;
test.setTimeout(2 * ANALYSIS_TIMEOUT_MS + 30_000);

let clip: SpeechClip;
let wav: string;

test.beforeAll(() => {
  // Throws, saying how to install it, when espeak-ng is missing.
  clip = speechClip();
  wav = writeSpeechClip(clip);
});

/** The utterances the page lists: [start, end] seconds since capture start. */
async function segments(page: Page): Promise<[number, number][]> {
  const json = await page.getByTestId('vad-segments').getAttribute('data-segments');
  return JSON.parse(json ?? '[]') as [number, number][];
}

/** Seconds of audio the VAD has analysed since capture start. */
async function analysedSec(page: Page): Promise<number> {
  return Number(await page.getByTestId('vad-segments').getAttribute('data-analysed'));
}

/** Seconds of audio the page has captured. */
async function capturedSec(page: Page): Promise<number> {
  return Number(await page.getByTestId('vad-segments').getAttribute('data-captured'));
}

function errors(found: [number, number][], truth: [number, number][]): { start: number; end: number }[] {
  return truth.map(([start, end], i) => ({
    start: found[i] ? Math.round((found[i][0] - start) * 1000) / 1000 : Number.NaN,
    end: found[i] ? Math.round((found[i][1] - end) * 1000) / 1000 : Number.NaN,
  }));
}

test('hands-free: the VAD finds the three sentences within 0.3 s', async ({ baseURL }, testInfo) => {
  await withOwnBrowser({ audio: wav }, baseURL, async (page) => {
    await page.goto('/translate');
    await page.getByTestId('speech-mode-hands-free').check({ force: true });
    const mic = page.getByTestId('mic-button');
    await mic.click();
    await expect(mic).toHaveAttribute('data-state', 'listening', { timeout: 30_000 });
    // The audio is analysed in order, however late the model is ready: wait until the VAD has
    // heard past the third sentence and the pause that ends it (the clip loops at 13.3 s).
    const lastEnd = clip.truth.at(-1)![1];
    await expect
      .poll(() => analysedSec(page), { timeout: ANALYSIS_TIMEOUT_MS, intervals: [500] })
      .toBeGreaterThan(lastEnd + 1);
    // Stopping finishes the analysis of everything captured so far (a backlog, if the model was slow to load).
    await mic.click();
    await expect(mic).toHaveAttribute('data-state', 'idle', { timeout: ANALYSIS_TIMEOUT_MS });
    await expect(page.getByTestId('vad-segments')).toHaveAttribute('data-backend', 'wasm');
    await expect(page.getByTestId('mic-error')).toHaveCount(0);
    await saveScreenshot(page, testInfo, 'vad-hands-free');

    const stats = page.getByTestId('vad-segments');
    console.log(
      `[metric] VAD cost per 32 ms frame: model ${await stats.getAttribute('data-model-ms')} ms, call ${await stats.getAttribute('data-call-ms')} ms`,
    );
    const found = await segments(page);
    const error = errors(found, clip.truth);
    console.log(
      `[metric] VAD hands-free, truth ${JSON.stringify(clip.truth.map((r) => r.map((x) => +x.toFixed(3))))}`,
    );
    console.log(`[metric] VAD hands-free, found ${JSON.stringify(found)}`);
    console.log(`[metric] VAD hands-free, errors (s) ${JSON.stringify(error)}`);
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const { start, end } of error) {
      expect(Math.abs(start)).toBeLessThanOrEqual(TOLERANCE_SEC);
      expect(Math.abs(end)).toBeLessThanOrEqual(TOLERANCE_SEC);
    }
  });
});

test('push-to-talk: the press is one utterance, trimmed to the speech', async ({ baseURL }) => {
  await withOwnBrowser({ audio: wav }, baseURL, async (page) => {
    await page.goto('/translate');
    const mic = page.getByTestId('mic-button');
    await expect(page.getByTestId('speech-mode-push-to-talk')).toBeChecked();
    await mic.scrollIntoViewIfNeeded();
    const box = (await mic.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await expect(mic).toHaveAttribute('data-state', 'listening', { timeout: 30_000 });
    // Hold through the first sentence (1.0–3.2 s of the clip) and let go before the second (4.4 s),
    // going by the audio the page has captured rather than the wall clock of a busy machine.
    const [, firstEnd] = clip.truth[0]!;
    await expect
      .poll(() => capturedSec(page), { timeout: 30_000, intervals: [50] })
      .toBeGreaterThan(firstEnd + 0.5);
    await page.mouse.up();
    await expect(mic).toHaveAttribute('data-state', 'idle', { timeout: ANALYSIS_TIMEOUT_MS });
    const found = await segments(page);
    const error = errors(found, clip.truth.slice(0, 1));
    console.log(
      `[metric] VAD push-to-talk, found ${JSON.stringify(found)}, errors (s) ${JSON.stringify(error)}`,
    );
    expect(found).toHaveLength(1);
    expect(Math.abs(error[0]!.start)).toBeLessThanOrEqual(TOLERANCE_SEC);
    expect(Math.abs(error[0]!.end)).toBeLessThanOrEqual(TOLERANCE_SEC);
  });
});

test('microphone denied: its own message, with what still works', async ({ baseURL }) => {
  await withOwnBrowser({ fakeUi: false }, baseURL, async (page) => {
    await page.goto('/translate');
    await page.getByTestId('speech-mode-hands-free').check({ force: true });
    await page.getByTestId('mic-button').click();
    const error = page.getByTestId('mic-error');
    await expect(error).toHaveAttribute('data-code', 'mic/denied');
    await expect(error).toContainText('Allow the microphone');
    await expect(error).toContainText('type the text');
    await expect(page.getByTestId('mic-button')).toHaveAttribute('data-state', 'idle');
  });
});
