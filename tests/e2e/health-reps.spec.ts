/**
 * Rep counting on a body. The workout clips (tests/media/body-media.ts) show a figure doing
 * a known number of squats or jumping jacks, with tempo and depth varying from rep to rep,
 * sensor noise and a furnished room; the workout view must count exactly that many, and must
 * count none of the other exercise's movement.
 *
 * The fake camera loops its clip from the moment the camera opens, and MoveNet loads after
 * that, so the first pass may be seen only in part. Each clip starts and ends standing still:
 * the test reads the count in the still start of the first pass that counting sees from its
 * beginning, and again one whole pass later; the difference is the reps of one pass. A frame
 * counter drawn into every frame says where the camera is in the clip (Chromium's file camera
 * plays slower than real time on a busy machine, so time alone cannot say). Runs in the
 * `camera-clips` project.
 */
import { expect, test, type Page } from '@playwright/test';
import { withOwnBrowser } from './camera-browser';
import { saveScreenshot } from './helpers';
import { bodyMedia, type BodyVideo } from '../media/body-media';
import { speedBetween, watched, watchPlayback } from '../media/playback';

const videos = bodyMedia().videos;
/** A read this long after a loop boundary sees the count of the pass before it settled. */
const AFTER_WRAP_SECONDS = 0.5;

// Model loading, at worst most of a pass to the first loop boundary, and one whole pass (about 21 s,
// longer when the fake camera plays slowly).
test.setTimeout(120_000);

const LABELS = { squat: 'squats', 'jumping-jack': 'jumping jacks' } as const;

interface Reading {
  /** The camera's newest frame, counted on across loops (−1 before the first). */
  frame: number;
  count: number;
  phase: string;
}

async function reading(page: Page): Promise<Reading> {
  return page.evaluate(() => {
    const log = (window as unknown as { playback: { log: { frame: number }[] } }).playback.log;
    return {
      frame: log.at(-1)?.frame ?? -1,
      count: Number(document.querySelector('[data-testid="rep-count"]')?.textContent),
      phase: document.querySelector('[data-testid="rep-phase"]')?.getAttribute('data-phase') ?? '',
    };
  });
}

/**
 * Polls until the camera has shown frame `frame` (counted across loops), and reads then. Waits
 * up to twice the clip time it needs, plus a little.
 */
async function readingAt(page: Page, video: BodyVideo, frame: number): Promise<Reading> {
  let now = await reading(page);
  const seconds = Math.max(0, frame - now.frame) / video.fps;
  await expect
    .poll(async () => (now = await reading(page)).frame, {
      message: `the fake camera shows frame ${frame} of ${video.name} (counted across loops)`,
      timeout: (2 * seconds + 5) * 1000,
      intervals: [100],
    })
    .toBeGreaterThanOrEqual(frame);
  return now;
}

/** The clip's playback speed (1 = real time) over the whole watch. */
async function playbackSpeed(page: Page, fps: number): Promise<number> {
  const log = await watched(page);
  return speedBetween(log[0]!, log.at(-1)!, fps);
}

/** Opens the workout view with `exercise` chosen, starts, and waits for MoveNet's first report. */
async function startWorkout(page: Page, video: BodyVideo, exercise: BodyVideo['exercise']): Promise<Reading> {
  await watchPlayback(page, { frames: video.frames });
  await page.goto('/health?backend=wasm');
  await page.getByTestId('health-tab-reps').click();
  await page.getByTestId('exercise-select').selectOption(exercise);
  await page.getByTestId('start-workout').click();
  await expect(page.getByTestId('reps-stats')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  return reading(page);
}

for (const video of videos) {
  const truth = video.reps;
  const label = LABELS[video.exercise];
  test(`${label}: a clip of ${truth} counts ${truth}, exactly`, async ({ baseURL }, testInfo) => {
    await withOwnBrowser({ video: video.path }, baseURL, async (page) => {
      const started = await startWorkout(page, video, video.exercise);
      expect(started.frame, 'the frame counter is read from the camera').toBeGreaterThanOrEqual(0);
      const margin = Math.round(AFTER_WRAP_SECONDS * video.fps);
      const still = Math.round((video.leadSeconds - AFTER_WRAP_SECONDS) * video.fps);
      // The first loop boundary whose still start had not passed when counting began (the
      // current pass when MoveNet was ready before the first rep), and one pass later. Counting
      // that began inside that still start reads its first count as the baseline.
      const pass = Math.max(0, Math.ceil((started.frame - still) / video.frames));
      const before =
        started.frame >= pass * video.frames
          ? started
          : await readingAt(page, video, pass * video.frames + margin);
      if (video.exercise === 'squat') await saveScreenshot(page, testInfo, 'health-reps-squats');
      const after = await readingAt(page, video, (pass + 1) * video.frames + margin);
      // Finishing while the figure still stands saves the count of the read just made.
      await page.getByTestId('finish-workout').click();
      const counted = after.count - before.count;
      const speed = await playbackSpeed(page, video.fps);
      console.log(
        `[metric] reps ${video.exercise} truth ${truth} counted ${counted} ` +
          `(${before.count} before the pass, from clip frame ${started.frame}; ` +
          `clip played at ${speed.toFixed(2)}×; ${(await page.getByTestId('reps-stats').textContent())?.trim()})`,
      );
      // Both reads fell in the still start of a pass, the second with the figure seen standing.
      for (const [read, boundary] of [
        [before, pass],
        [after, pass + 1],
      ] as const) {
        expect(
          read.frame - boundary * video.frames,
          'the count was read too late after the loop',
        ).toBeLessThanOrEqual(still);
      }
      expect(after.phase).toBe('rest');
      expect(counted).toBe(truth);
      expect(before.count).toBeLessThanOrEqual(truth);

      // The journal keeps the count, with MoveNet's mean keypoint score as its quality.
      await expect(page.getByRole('status').filter({ hasText: 'Saved to your journal' })).toContainText(
        `${after.count} ${label}`,
      );
      const kind = video.exercise === 'squat' ? 'reps-squat' : 'reps-jumping-jack';
      const saved = page.locator(`[data-testid="journal-entry"][data-kind="${kind}"]`);
      await expect(saved).toHaveAttribute('data-value', String(after.count));
      const quality = /quality (\d+\s*%)/.exec((await saved.textContent()) ?? '')?.[1];
      console.log(`[metric] reps ${video.exercise} mean keypoint score ${quality}`);
    });
  });

  const other = videos.find((v) => v.exercise !== video.exercise)!;
  test(`${label} clip counts no ${LABELS[other.exercise]}`, async ({ baseURL }) => {
    await withOwnBrowser({ video: video.path }, baseURL, async (page) => {
      const started = await startWorkout(page, video, other.exercise);
      // A whole pass of the clip, every rep in it, after counting began.
      const end = await readingAt(page, video, started.frame + video.frames);
      console.log(
        `[metric] reps ${other.exercise} on the ${video.exercise} clip: truth 0 counted ${end.count} ` +
          `(phase ${end.phase})`,
      );
      // The counter read the figure's pose (a phase needs confident keypoints), and counted nothing.
      expect(end.phase).not.toBe('unknown');
      expect(end.count).toBe(0);
    });
  });
}
