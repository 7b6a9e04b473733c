/**
 * Health demo on the fake camera. The heart-rate clips (tests/media/pulse-media.ts) are a
 * face photo whose skin carries a pulse at a known rate, with sensor noise, brightness drift
 * and head motion; one has no pulse at all. The reported rate must be within ±3 bpm of the
 * truth, and the clip without a pulse must never get a number.
 *
 * Each clip needs a browser of its own (the fake camera's file is a launch flag). The file runs
 * in the `camera-clips` project: last, one test at a time, so no other test loads the CPU.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { recordStreams, withOwnBrowser } from './camera-browser';
import { saveScreenshot } from './helpers';
import { pulseMedia } from '../media/pulse-media';
import { speedBetween, watched, watchPlayback } from '../media/playback';
import { breathSamples, writeWav } from '../media/breath-audio';
import { FACE_MEDIA_DIR } from '../media/face-media';

const videos = pulseMedia().videos;
/** Heart-rate readings are sampled this often once the first number shows, this many times. */
const SAMPLE_EVERY_MS = 500;
const SAMPLES = 10;
const TOLERANCE_BPM = 3;

// Model loading, 5 s to a first number, and 15 s of readings, on a busy 2-core machine.
test.setTimeout(180_000);

/** The live reading, read at once: bpm (null while the quality gate holds it back), quality 0..1, waveform samples. */
async function reading(page: Page): Promise<{ bpm: number | null; quality: number; pulse: number }> {
  return page.evaluate(() => {
    const text = document.querySelector('[data-testid="heart-rate"]')?.textContent?.trim() ?? '';
    const attribute = (id: string, name: string) =>
      Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name));
    return {
      bpm: text === '' ? null : Number(text),
      quality: attribute('signal-quality', 'data-value'),
      pulse: attribute('pulse-wave', 'data-samples'),
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The clip's playback speed (1 = real time) over the newest `seconds` of the watch. */
async function playbackSpeed(page: Page, fps: number, seconds: number): Promise<number> {
  const log = await watched(page);
  const end = log.at(-1)!;
  return speedBetween(
    log.find((entry) => entry.t >= end.t - seconds * 1000)!,
    end,
    fps,
  );
}

async function startMeasurement(page: Page): Promise<void> {
  await page.goto('/health?backend=wasm');
  await page.getByTestId('start-measurement').click();
  await expect(page.getByTestId('vitals-stats')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
}

for (const video of videos.filter((v) => v.bpm !== null)) {
  const truth = video.bpm!;
  test(`heart rate of a ${truth} bpm clip is within ±${TOLERANCE_BPM} bpm`, async ({ baseURL }, testInfo) => {
    await withOwnBrowser({ video: video.path }, baseURL, async (page) => {
      await watchPlayback(page, { frames: Math.round(video.seconds * video.fps) });
      await startMeasurement(page);
      await expect(page.getByTestId('heart-rate')).not.toBeEmpty({ timeout: 60_000 });
      const values: number[] = [];
      let pulseSamples = 0;
      for (let i = 0; i < SAMPLES; i += 1) {
        const { bpm, quality, pulse } = await reading(page);
        pulseSamples = Math.max(pulseSamples, pulse);
        if (bpm !== null) {
          expect(Number.isInteger(bpm)).toBe(true);
          expect(quality).toBeGreaterThanOrEqual(0.5);
          values.push(bpm);
        }
        await page.waitForTimeout(SAMPLE_EVERY_MS);
      }
      const stats = page.getByTestId('vitals-stats');
      const measured = median(values);
      // The app's window is 10 s; the readings span the last 5.
      const speed = await playbackSpeed(page, video.fps, 15);
      const expected = truth * speed;
      console.log(
        `[metric] rppg ${truth} bpm clip played at ${speed.toFixed(3)}× = ${expected.toFixed(1)} bpm: ` +
          `median ${measured} (${values.join(' ')}), error ${(measured - expected).toFixed(1)}; ` +
          `fps ${await stats.getAttribute('data-fps')}, regions ${await stats.getAttribute('data-regions')}, ` +
          `face ${await stats.getAttribute('data-face-ms')} ms, mesh ${await stats.getAttribute('data-mesh-ms')} ms, ` +
          `rppg ${await stats.getAttribute('data-rppg-ms')} ms per frame`,
      );
      expect(values.length).toBeGreaterThanOrEqual(SAMPLES / 2);
      expect(speed, 'the machine is too busy for the fake camera to play its clip').toBeGreaterThan(0.8);
      expect(Math.abs(measured - expected)).toBeLessThanOrEqual(TOLERANCE_BPM);
      // The waveform shows the last 5 s of pulse.
      expect(pulseSamples).toBeGreaterThan(100);

      if (truth === 80) {
        await saveScreenshot(page, testInfo, 'health-measuring');
        // Finishing saves the measurement's median to the journal.
        await page.getByRole('button', { name: 'Finish now' }).click();
        await expect(page.getByTestId('measurement-result')).toContainText('Saved to your journal');
        const saved = page.locator('[data-testid="journal-entry"][data-kind="heart-rate"]');
        await expect(saved).toHaveCount(1);
        const value = Number(await saved.getAttribute('data-value'));
        expect(Math.abs(value - expected)).toBeLessThanOrEqual(TOLERANCE_BPM);
        await expect(page.getByTestId('heart-rate')).toHaveText(String(value));
      }
    });
  });
}

test('a clip without a pulse never shows a heart rate', async ({ baseURL }) => {
  const video = videos.find((v) => v.bpm === null)!;
  await withOwnBrowser({ video: video.path }, baseURL, async (page) => {
    await startMeasurement(page);
    // The face is found and measured (the gate is what holds the number back)...
    await expect(page.getByTestId('vitals-stats')).toHaveAttribute('data-regions', 'mesh', {
      timeout: 30_000,
    });
    const seen: Awaited<ReturnType<typeof reading>>[] = [];
    // ...for 15 s, well past the 5 s a number needs.
    for (let i = 0; i < 30; i += 1) {
      seen.push(await reading(page));
      await page.waitForTimeout(500);
    }
    console.log(`[metric] no-pulse clip: quality max ${Math.max(...seen.map((s) => s.quality)).toFixed(2)}`);
    expect(seen.filter((s) => s.bpm !== null)).toEqual([]);
    await expect(page.getByTestId('heart-advice')).not.toBeEmpty();
    // Finishing early saves nothing and says why.
    await page.getByRole('button', { name: 'Finish now' }).click();
    await expect(page.getByTestId('measurement-result')).toContainText('nothing was saved');
    await expect(page.locator('[data-testid="journal-entry"][data-kind="heart-rate"]')).toHaveCount(0);
  });
});

test('breathing from the microphone: a 12 breaths/min clip reads 12 ± 1.5', async ({ baseURL }) => {
  const wav = join(FACE_MEDIA_DIR, 'breath-12.wav');
  writeWav(wav, breathSamples({ perMinute: 12, seconds: 60 }));
  await withOwnBrowser({ video: videos[0]!.path, audio: wav }, baseURL, async (page) => {
    await page.goto('/health?backend=wasm');
    await page.getByTestId('breathing-source').selectOption('microphone');
    await page.getByTestId('start-measurement').click();
    const rate = page.getByTestId('breathing-rate');
    // 20 s of envelope make the first number.
    await expect(rate).not.toBeEmpty({ timeout: 60_000 });
    await expect(page.getByTestId('breathing-method')).toHaveAttribute('data-method', 'microphone');
    const value = Number(await rate.textContent());
    console.log(`[metric] microphone breathing, 12 /min clip: ${value} /min`);
    expect(Math.abs(value - 12)).toBeLessThanOrEqual(1.5);
  });
});

test('leaving the page stops the camera', async ({ baseURL }) => {
  await withOwnBrowser({ video: videos[0]!.path }, baseURL, async (page) => {
    const live = await recordStreams(page);
    await startMeasurement(page);
    expect(await live()).toBe(1);
    await page.getByRole('link', { name: 'Home' }).first().click();
    await expect(page).toHaveURL(/\/$/);
    await expect.poll(live).toBe(0);
  });
});

test('camera denied: its own message, and the journal still works', async ({ baseURL }) => {
  await withOwnBrowser({ fakeUi: false }, baseURL, async (page) => {
    await page.goto('/health');
    await page.getByTestId('start-measurement').click();
    const error = page.getByTestId('camera-error');
    await expect(error).toHaveAttribute('data-code', 'camera/denied');
    await expect(error).toContainText('journal below still works');
    await expect(page.getByTestId('journal')).toBeVisible();
    await expect(page.getByTestId('start-measurement')).toBeEnabled();
  });
});

test('workout view: MoveNet runs on the camera and a face-only clip counts no reps', async ({
  baseURL,
}, testInfo) => {
  await withOwnBrowser({ video: videos[0]!.path }, baseURL, async (page) => {
    await page.goto('/health?backend=wasm');
    await page.getByTestId('health-tab-reps').click();
    await page.getByTestId('start-workout').click();
    const stats = page.getByTestId('reps-stats');
    await expect(stats).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
    await page.waitForTimeout(3000);
    await expect(page.getByTestId('rep-count')).toHaveText('0');
    await saveScreenshot(page, testInfo, 'health-reps');
    await page.getByTestId('finish-workout').click();
    await expect(page.getByTestId('start-workout')).toBeVisible();
  });
});
