/**
 * Speech to translated text, end to end on the fake microphone with the network off: an
 * espeak-ng sentence → AudioWorklet capture → 16 kHz → Silero VAD → the tiny Whisper (made by
 * models/tiny, downloaded through the model store from a local stand-in for the model host) →
 * the tiny opus-mt en→es. The tiny Whisper names the loudest quarter of the mel spectrum, in the
 * language it detects from the same band (see models/tiny/README.md); the clip is made so that
 * quarter is known, and the expected transcript and translation are the generator's own numpy
 * decodings (tests/fixtures/models/tiny/expected.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatBytes } from '../../src/shared/format';
import { withOwnBrowser } from './camera-browser';
import {
  FIXTURES_DIR,
  TRANSLATE_BUILD_DIR,
  goOffline,
  saveScreenshot,
  setModelHost,
  startServer,
  testPort,
  waitForServiceWorker,
} from './helpers';
import { startModelHost } from './model-host';
import { speechClip, writeSpeechClip, type SpeechClip } from '../media/speech-audio';
import { TINY_DIR } from './translate-models';

test.setTimeout(300_000);

interface Expected {
  marian: { pairs: Record<string, { cases: { text: string; translation: string }[] }> };
  whisper: {
    featureCases: { name: string; detectedLanguage: string; runs: { language: string; text: string }[] }[];
  };
}
const expected = JSON.parse(readFileSync(join(TINY_DIR, 'expected.json'), 'utf8')) as Expected;
const sizes = JSON.parse(readFileSync(join(TINY_DIR, 'manifest-sizes.json'), 'utf8')) as Record<
  string,
  { bytes: number }[]
>;
const modelBytes = (id: string) => sizes[id]!.reduce((sum, f) => sum + f.bytes, 0);

/** What the tiny Whisper says for the clip: the reference's run on a band-0 feature case in English. */
const band0 = expected.whisper.featureCases.find((c) => c.name === 'band 0')!;
const TRANSCRIPT = band0.runs.find((r) => r.language === band0.detectedLanguage)!.text.trim();
const TRANSLATION = expected.marian.pairs['opus-mt-en-es']!.cases.find(
  (c) => c.text === TRANSCRIPT,
)!.translation;

let clip: SpeechClip;
let wav: string;

test.beforeAll(() => {
  // One sentence, then a long enough pause for the VAD to close the utterance. Kept to
  // 300–700 Hz, its loudest quarter of the mel spectrum is surely the first (full-band espeak
  // speech wins it only narrowly): the tiny Whisper hears English and says "one". Silero still
  // hears speech in that band (not in 800–1500 Hz, which would make it Spanish).
  clip = speechClip({
    sentences: ['Where is the station?'],
    gapsSec: [],
    leadSec: 1,
    tailSec: 20,
    bandPassHz: [300, 700],
  });
  wav = writeSpeechClip(clip, 'one-sentence.wav');
});

async function download(page: Page, id: string): Promise<void> {
  const missing = page.locator(`[data-testid="missing-model"][data-model-id="${id}"]`);
  await expect(missing).toContainText(formatBytes(modelBytes(id)));
  await missing.getByRole('button', { name: /Download/ }).click();
  await expect(missing).toHaveCount(0, { timeout: 60_000 });
}

test('speech: transcript, then translation, with the network off', async () => {
  const testInfo = test.info();
  const port = testPort(testInfo, 4700);
  const server = await startServer(TRANSLATE_BUILD_DIR, port);
  const host = await startModelHost(join(FIXTURES_DIR, 'translate-host'), port + 1000);
  try {
    await withOwnBrowser({ audio: wav }, `http://localhost:${port}`, async (page) => {
      await page.goto('/settings');
      await waitForServiceWorker(page);
      await setModelHost(page, host.url);
      await page.goto('/translate?backend=wasm');
      await download(page, 'whisper-tiny');
      await page.getByTestId('source-lang').selectOption('en');
      await page.getByTestId('target-lang').selectOption('es');
      await download(page, 'opus-mt-en-es');
      // Speech sets the source language itself, from what it hears.
      await page.getByTestId('source-lang').selectOption('de');

      const context = page.context();
      const requests = host.requests.length;
      await context.setOffline(true);
      await page.reload();
      await goOffline(context);
      await page.getByTestId('source-lang').selectOption('de');
      await page.getByTestId('target-lang').selectOption('es');

      await page.getByTestId('speech-mode-hands-free').check({ force: true });
      const mic = page.getByTestId('mic-button');
      await mic.click();
      await expect(mic).toHaveAttribute('data-state', 'listening', { timeout: 30_000 });
      // The fake microphone loops the clip: stop listening once the VAD has cut the sentence,
      // long before the next loop's speech (the clip ends in 20 s of silence).
      const vad = page.getByTestId('vad-segments');
      await expect
        .poll(async () => JSON.parse((await vad.getAttribute('data-segments')) ?? '[]').length, {
          timeout: 120_000,
        })
        .toBe(1);
      await mic.click();
      await expect(mic).toHaveAttribute('data-state', 'idle', { timeout: 60_000 });
      const transcript = page.getByTestId('transcript');
      await expect(transcript).toHaveAttribute('data-state', /done|failed/, { timeout: 120_000 });
      expect(JSON.parse((await vad.getAttribute('data-segments')) ?? '[]')).toHaveLength(1);
      await expect(page.getByTestId('speech-error')).toHaveCount(0);

      const text = (await transcript.textContent())!.trim();
      const heard = page.getByTestId('heard-language');
      console.log(
        `[metric] speech: transcript ${JSON.stringify(text)} in ${await heard.getAttribute('data-language')}, ` +
          `translation ${JSON.stringify(await page.getByTestId('speech-translation').textContent())}, ` +
          `whisper ${await page.getByTestId('speech-stats').getAttribute('data-total-ms')} ms for ` +
          `${await page.getByTestId('speech-stats').getAttribute('data-audio-ms')} ms of audio`,
      );
      await expect(heard).toHaveAttribute('data-language', band0.detectedLanguage);
      await expect(heard).toHaveAttribute('data-detected', 'true');
      expect(text).toBe(TRANSCRIPT);
      await expect(page.getByTestId('speech-translation')).toHaveText(TRANSLATION);
      // The transcript went through the text translator too: same output, and it is in the history.
      await expect(page.getByTestId('source-text')).toHaveValue(text);
      await expect(page.getByTestId('source-lang')).toHaveValue(band0.detectedLanguage);
      await expect(page.getByTestId('translation-output')).toHaveText(TRANSLATION);
      await expect(page.getByTestId('speech-backend')).toHaveText('wasm');
      await saveScreenshot(page, testInfo, 'speech-translate');
      expect(host.requests.length).toBe(requests);
    });
  } finally {
    await host.close();
    server.kill();
  }
});
