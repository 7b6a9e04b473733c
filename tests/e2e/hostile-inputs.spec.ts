/**
 * Hostile inputs: each gets a clear error or is handled correctly, and the page's main thread
 * never runs a task over 200 ms while it is handled (a PerformanceObserver on 'longtask'
 * entries, in the page). Photos on the face page: a 0-byte file, a text file named .jpg, a
 * 50-megapixel JPEG. Audio files on the translate page: a one-hour WAV (transcribed 30 s at a
 * time with progress, then cancelled), a 0-byte .wav, a text file named .wav. 100 kB of text
 * and emoji / right-to-left text are in translate.spec.ts; a huge journal import in journal.spec.ts.
 *
 * The bound is the issue's; on a loaded 2-core machine run these one at a time (CI does).
 */
import { expect, test, type Page } from '@playwright/test';
import { faceMedia } from '../media/face-media';
import {
  BIG_PHOTO,
  ONE_HOUR,
  emptyFile,
  fiftyMegapixelPhoto,
  oneHourWav,
  textNamed,
} from '../media/hostile-media';
import { describeLongTasks, longestTask, watchLongTasks } from './long-tasks';
import { downloadModel, openTranslate } from './translate-app';

test.skip(({ isMobile }) => isMobile, 'laptop only');

/** A file that starts like a JPEG (SOI and APP0 markers) and goes on with noise no decoder reads. */
function corruptJpeg(): Buffer {
  const noise = Buffer.alloc(4096);
  let state = 0x2545f491;
  for (let i = 0; i < noise.length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    noise[i] = state >>> 24;
  }
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), noise]);
}

/** Runs `handle` with the long-task watch on, logs and checks the longest task. */
async function withinBound(page: Page, what: string, handle: () => Promise<void>): Promise<number> {
  await watchLongTasks(page);
  await handle();
  const tasks = await longestTask(page);
  console.log(`[metric] ${what}: ${describeLongTasks(tasks)}`);
  // Soft: every case still runs and reports its number when one is over.
  expect
    .soft(tasks.longest, `${what}: no main-thread task over ${tasks.bound.toFixed(0)} ms`)
    .toBeLessThanOrEqual(tasks.bound);
  return tasks.longest;
}

test.describe('photos', () => {
  test('a 0-byte file, a text file named .jpg and a corrupt JPEG each end in an error state with their own message; photos still open', async ({
    page,
  }) => {
    await page.goto('/face?backend=wasm');
    const input = page.getByTestId('image-input');
    const error = page.getByTestId('photo-error');
    await withinBound(page, '0-byte photo', async () => {
      await input.setInputFiles(emptyFile('empty.jpg'));
      await expect(error).toHaveAttribute('data-code', 'image/empty');
    });
    const count = page.getByTestId('face-count');
    // The count says the photo failed (not "working" for ever), and the reason is on the page.
    await expect(count).toHaveAttribute('data-state', 'error');
    await expect(error).toHaveText('“empty.jpg” is empty (0 bytes). Pick a photo file.');
    await withinBound(page, 'text file named .jpg', async () => {
      await input.setInputFiles(textNamed('shopping-list.jpg'));
      // The face model loads first (the file is only known to be no image once decoding fails).
      await expect(error).toHaveAttribute('data-code', 'image/unreadable', { timeout: 60_000 });
    });
    await expect(count).toHaveAttribute('data-state', 'error');
    await expect(count).toHaveText('–');
    await expect(error).toHaveText(
      '“shopping-list.jpg” is not an image this browser can read. Pick a JPEG, PNG, WebP, GIF or AVIF photo.',
    );
    // A photo opens, then a corrupt one (a JPEG header, then noise): the count does not keep the
    // earlier photo's faces, and the stage no longer shows that photo.
    await input.setInputFiles(faceMedia().photos['one-man']!.path);
    await expect(count).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(count).toHaveText('1');
    await input.setInputFiles({ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: corruptJpeg() });
    await expect(count).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(count).toHaveText('–');
    await expect(error).toHaveAttribute('data-code', 'image/unreadable');
    await expect(error).toContainText('“holiday.jpg” is not an image this browser can read.');
    await expect(page.locator('.face-canvas')).toBeHidden();
    // Nothing is lost: the next photo opens as usual and the error goes.
    await input.setInputFiles(faceMedia().photos['one-man']!.path);
    await expect(count).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(count).toHaveText('1');
    await expect(error).toHaveCount(0);
  });

  test('a 50-megapixel photo is decoded, scaled and analysed without blocking the page', async ({ page }) => {
    test.setTimeout(180_000);
    const path = fiftyMegapixelPhoto();
    const { faces } = faceMedia().largePhoto;
    await page.goto('/face?backend=wasm');
    const count = page.getByTestId('face-count');
    await withinBound(page, `${BIG_PHOTO.width}×${BIG_PHOTO.height} photo`, async () => {
      await page.getByTestId('image-input').setInputFiles(path);
      await expect(count).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
    });
    await expect(page.locator('.face-summary')).toContainText(`${BIG_PHOTO.width} × ${BIG_PHOTO.height}`);
    expect(JSON.parse((await count.getAttribute('data-boxes')) ?? '[]')).toHaveLength(faces);
    await expect(page.getByTestId('photo-error')).toHaveCount(0);
  });
});

test.describe('audio files', () => {
  test.setTimeout(300_000);

  test('a one-hour WAV is transcribed 30 s at a time with progress, and cancels; empty and non-audio files are refused', async ({
    page,
  }, testInfo) => {
    const wav = oneHourWav();
    await openTranslate(
      page,
      testInfo,
      async () => {
        const input = page.getByTestId('audio-file-input');
        // Without the speech model there is nothing to transcribe with.
        await expect(input).toBeDisabled();
        await downloadModel(page, 'whisper-tiny');
        await expect(input).toBeEnabled();
        const error = page.getByTestId('audio-file-error');

        await withinBound(page, '0-byte .wav', async () => {
          await input.setInputFiles(emptyFile('empty.wav'));
          await expect(error).toHaveAttribute('data-code', 'audio/empty');
        });
        await expect(error).toHaveText('“empty.wav” is empty (0 bytes). Pick an audio file.');
        await withinBound(page, 'text file named .wav', async () => {
          await input.setInputFiles(textNamed('notes.wav'));
          await expect(error).toHaveAttribute('data-code', 'audio/unreadable');
        });
        await expect(error).toContainText('“notes.wav” is not audio this browser can read.');

        const progress = page.getByTestId('audio-file-progress');
        const windows = ONE_HOUR.seconds / 30;
        const done = async () => Number(await progress.getAttribute('data-done'));
        const started = Date.now();
        await withinBound(page, 'one-hour WAV, three 30 s windows', async () => {
          await input.setInputFiles(wav);
          // The length comes from the header at once; the windows follow one by one.
          await expect(progress).toHaveAttribute('data-total', String(windows));
          await expect(progress).toContainText('of 1:00:00');
          await expect.poll(done, { timeout: 180_000 }).toBeGreaterThanOrEqual(3);
        });
        const perWindow = (Date.now() - started) / (await done());
        console.log(
          `[metric] one-hour WAV: ${await done()} windows in ${(Date.now() - started) / 1000} s (≈ ${(perWindow / 1000).toFixed(1)} s per 30 s window, ${((perWindow * windows) / 60_000).toFixed(1)} min for the hour here)`,
        );
        await expect(error).toHaveCount(0);
        const transcript = page.getByTestId('audio-file-transcript');
        await expect(transcript).not.toBeEmpty();
        await page.getByTestId('audio-file-cancel').click();
        await expect(progress).toHaveAttribute('data-state', 'cancelled');
        const kept = await transcript.textContent();
        expect(kept).not.toBe('');
        expect(await done()).toBeLessThan(windows);
        // A cancelled file stays cancelled: no window is added afterwards, the transcript so far stays.
        const after = await done();
        await page.waitForTimeout(2000);
        expect(await done()).toBe(after);
        await expect(transcript).toHaveText(kept!);
        await expect(page.getByTestId('audio-file-input')).toBeEnabled();
      },
      4800,
    );
  });
});
