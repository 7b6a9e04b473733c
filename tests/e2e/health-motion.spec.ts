/**
 * Heart rate of a person who moves (tests/media/motion-media.ts): a face that sways,
 * leans, turns, talks and blinks under light that steps, its skin pulsing at a known rate;
 * two clips have no pulse at all (the same motion, and a 1.2 Hz head bob). Each clip is
 * measured for the page's full 30 s, read every 500 ms; over the readings after the first
 * 10 s the test scores the error against the truth the page saw (the rate × the camera's
 * playback speed over the 10 s before each reading), the share of readings with a number, and
 * why the others had none. Clips without a
 * pulse must never get a number, with the face found all along.
 *
 * One `[metric] rppg-motion …` line per clip. One clip at a time (the title starts with its name;
 * end a name with ':' to match it alone, as in `-g 'combined:'`):
 *
 *   npx playwright test tests/e2e/health-motion.spec.ts --project=camera-clips --no-deps \
 *     --workers=1 --output=/tmp/motion-results -g sway3
 *
 * Each clip needs a browser of its own (the fake camera's file is a launch flag). The file
 * runs in the `camera-clips` project: last, one test at a time, so no other test loads the CPU.
 */
import { expect, test, type Page } from '@playwright/test';
import { withOwnBrowser } from './camera-browser';
import { saveScreenshot } from './helpers';
import { motionMedia } from '../media/motion-media';
import { speedBetween, watched, watchPlayback, type Watched } from '../media/playback';

const videos = motionMedia().videos;
const SAMPLE_EVERY_MS = 500;
/** Readings before this many seconds of the measurement are not scored (the window fills). */
const SETTLE_SECONDS = 10;
/** The span of camera time a reading stands on (the app's heart-rate window). */
const HEART_WINDOW_SECONDS = 10;
/** Fewer scored readings than this say too little (20 s at 2 a second would give 40). */
const MIN_SCORED = 20;
/** Below this playback speed the clip's timing says more about the machine than the app. */
const MIN_SPEED = 0.8;

/** What each clip with a pulse must reach: mean absolute error and the share of readings with a number. */
const GOALS: Record<string, { maxError: number; minShare: number }> = {
  sway3: { maxError: 1.5, minShare: 1 },
  'sway5-lean': { maxError: 2, minShare: 0.9 },
  rotation: { maxError: 2, minShare: 0.9 },
  talking: { maxError: 2, minShare: 0.9 },
  'light-steps': { maxError: 2, minShare: 0.9 },
  combined: { maxError: 3, minShare: 0.9 },
};
/** Clips without a pulse: the face must be found in at least this share of the scored readings. */
const MIN_FACE_SHARE = 0.9;

// Model loading (a minute or more on a busy 2-core machine), then the 30 s measurement.
test.setTimeout(240_000);

interface Sample {
  /** Seconds into the measurement, as the page counts them. */
  t: number;
  /** The page's clock (performance.now()) when read. */
  now: number;
  bpm: number | null;
  quality: number;
  /** Why there is no number ('' when the page does not say). */
  reason: string;
  snrDb: string;
  motionDb: string;
  regions: string;
}

/** The page's live reading, read at once; null once the measurement is over. */
async function sample(page: Page): Promise<Sample | null> {
  return page.evaluate(() => {
    const progress = document.querySelector('[data-testid="measure-progress"]');
    if (!progress) return null;
    const get = (id: string, name: string) =>
      document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name) ?? '';
    const text = document.querySelector('[data-testid="heart-rate"]')?.textContent?.trim() ?? '';
    return {
      t: Number(progress.getAttribute('data-received')),
      now: performance.now(),
      bpm: text === '' ? null : Number(text),
      quality: Number(get('signal-quality', 'data-value')),
      reason: get('heart-advice', 'data-reason'),
      snrDb: get('vitals-stats', 'data-snr-db'),
      motionDb: get('vitals-stats', 'data-motion-db'),
      regions: get('vitals-stats', 'data-regions'),
    };
  });
}

/** Playback speed (1 = real time) over the frames read in the `seconds` before the page's clock `now`. */
function speedBefore(log: Watched[], fps: number, now: number, seconds: number): number {
  const frames = log.filter((entry) => entry.now <= now && entry.now >= now - seconds * 1000);
  if (frames.length < 2) return NaN;
  return speedBetween(frames[0]!, frames.at(-1)!, fps);
}

/** The longest wait between two frames in the log (a stall of the fake camera). */
function longestGap(log: Watched[], from: number): number {
  let gap = 0;
  for (let i = 1; i < log.length; i++)
    if (log[i]!.now >= from) gap = Math.max(gap, log[i]!.t - log[i - 1]!.t);
  return gap;
}

/** Opens the Health page, starts a measurement and reads it every 500 ms until it ends. */
async function measure(page: Page, onSample?: (s: Sample) => Promise<void>): Promise<Sample[]> {
  await page.goto('/health?backend=wasm');
  await page.getByTestId('start-measurement').click({ timeout: 30_000 });
  await expect(page.getByTestId('vitals-stats')).toHaveAttribute('data-backend', 'wasm', { timeout: 90_000 });
  // The count starts once the worker runs.
  await expect(page.getByTestId('measure-progress')).not.toHaveAttribute('data-received', '0', {
    timeout: 30_000,
  });
  const samples: Sample[] = [];
  // On a fixed schedule, so slow reads on a busy machine do not stretch the interval.
  const start = Date.now();
  for (let k = 1; ; k++) {
    const s = await sample(page);
    if (!s) break;
    samples.push(s);
    await onSample?.(s);
    await page.waitForTimeout(Math.max(0, start + k * SAMPLE_EVERY_MS - Date.now()));
  }
  return samples;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** "motion 12, low-quality 3": why the scored readings without a number had none. */
function reasonCounts(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples.filter((s) => s.bpm === null)) {
    const reason = s.reason || '(none given)';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${reason} ${n}`).join(', ') || '-';
}

/** Median of a numeric attribute over the samples that have it, or '-'. */
function medianOf(samples: Sample[], key: 'snrDb' | 'motionDb'): string {
  const values = samples
    .map((s) => s[key])
    .filter((v) => v !== '')
    .map(Number);
  return values.length ? median(values).toFixed(1) : '-';
}

for (const video of videos) {
  const goal = GOALS[video.name];
  const title =
    video.bpm === null
      ? `${video.name}: a clip without a pulse never shows a heart rate`
      : goal
        ? `${video.name}: ${video.bpm} bpm within ${goal.maxError} bpm on average, a number in ≥ ${goal.minShare * 100} % of readings`
        : `${video.name}: has a goal`;
  test(title, async ({ baseURL }, testInfo) => {
    if (video.bpm !== null && !goal) {
      throw new Error(`${video.name} has a pulse but no goal in GOALS of health-motion.spec.ts.`);
    }
    await withOwnBrowser({ video: video.path }, baseURL, async (page) => {
      await watchPlayback(page, {
        frames: video.seconds * video.fps,
        origin: video.frameCode,
        width: video.width,
      });
      let shot = false;
      const samples = await measure(page, async (s) => {
        if (video.name === 'combined' && !shot && s.t >= 20) {
          shot = true;
          await saveScreenshot(page, testInfo, 'health-motion-combined');
        }
      });
      const log = await watched(page);
      const last = samples.at(-1)!.now;
      const speed = speedBefore(log, video.fps, last, 30);
      const maxGapMs = longestGap(log, samples[0]!.now);
      // The truth each reading had to find: the rate × the speed over the app's window before it.
      const truthAt = (s: Sample) => video.bpm! * speedBefore(log, video.fps, s.now, HEART_WINDOW_SECONDS);
      const scored = samples.filter((s) => s.t >= SETTLE_SECONDS);
      const withNumber = scored.filter((s) => s.bpm !== null);
      const share = scored.length ? withNumber.length / scored.length : 0;
      const truth = video.bpm === null ? null : video.bpm * speed;
      const error =
        truth === null || withNumber.length === 0
          ? NaN
          : withNumber.reduce((sum, s) => sum + Math.abs(s.bpm! - truthAt(s)), 0) / withNumber.length;
      const localSpeeds = scored.map((s) => speedBefore(log, video.fps, s.now, HEART_WINDOW_SECONDS));
      const faceShare = scored.length ? scored.filter((s) => s.regions !== '').length / scored.length : 0;
      const stats = page.getByTestId('vitals-stats');
      const qualities = scored.map((s) => s.quality);
      console.log(
        `[metric] rppg-motion ${video.name} truth ${truth === null ? 'none' : truth.toFixed(1)} ` +
          `speed ${speed.toFixed(3)} readings ${scored.map((s) => s.bpm ?? '-').join(' ')} ` +
          `MAE ${Number.isNaN(error) ? '-' : error.toFixed(2)} share ${share.toFixed(2)} ` +
          `reasons ${reasonCounts(scored)}; ` +
          `${video.width}×${video.height}, face ${video.facePixels} px, samples ${samples.length} (${scored.length} scored), ` +
          `first number at ${samples.find((s) => s.bpm !== null)?.t.toFixed(1) ?? '-'} s, ` +
          `quality median ${median(qualities).toFixed(2)} ` +
          `(lowest ${Math.min(...qualities).toFixed(2)}, highest ${Math.max(...qualities).toFixed(2)}), ` +
          `SNR median ${medianOf(scored, 'snrDb')} dB, motion median ${medianOf(scored, 'motionDb')} dB, ` +
          `speed over ${HEART_WINDOW_SECONDS} s windows ${Math.min(...localSpeeds).toFixed(3)}–${Math.max(...localSpeeds).toFixed(3)}, ` +
          `face found ${(faceShare * 100).toFixed(0)} %, fps ${await stats.getAttribute('data-fps')}, ` +
          `per frame: face ${await stats.getAttribute('data-face-ms')} ms, mesh ${await stats.getAttribute('data-mesh-ms')} ms, ` +
          `rPPG beyond the models ${await stats.getAttribute('data-rppg-ms')} ms, ` +
          `longest frame gap ${maxGapMs.toFixed(0)} ms`,
      );
      expect(speed, `the machine is too busy for the fake camera to play ${video.name}`).toBeGreaterThan(
        MIN_SPEED,
      );
      expect(
        scored.length,
        'readings after the first 10 s (the page answered too slowly)',
      ).toBeGreaterThanOrEqual(MIN_SCORED);

      if (truth === null) {
        expect(
          samples.filter((s) => s.bpm !== null).map((s) => `${s.bpm} at ${s.t.toFixed(1)} s`),
          'readings of a clip without a pulse',
        ).toEqual([]);
        expect(faceShare, 'share of readings with the face found').toBeGreaterThanOrEqual(MIN_FACE_SHARE);
        // The finished measurement has no heart rate either.
        const result = page.getByTestId('measurement-result');
        await expect(result).toBeVisible();
        expect(
          await page.getByTestId('heart-rate').textContent(),
          `the finished measurement's heart rate (${await result.textContent()})`,
        ).toBe('');
        return;
      }
      expect
        .soft(share, 'share of readings with a number after the first 10 s')
        .toBeGreaterThanOrEqual(goal!.minShare);
      expect
        .soft(
          error,
          `mean absolute error against ${truth.toFixed(1)} bpm (× the speed of each reading's window)`,
        )
        .toBeLessThanOrEqual(goal!.maxError);
    });
  });
}
