/**
 * The page's longest main-thread task while something is handled: a PerformanceObserver on
 * 'longtask' entries (tasks over 50 ms), installed in the page just before the handling starts.
 *
 * A busy machine stretches every task, so the bound is relative to the same run: before the
 * watch starts, the page runs a second of reference tasks, each a fixed amount of arithmetic
 * (BASELINE_WORK, some 10–30 ms on a quiet machine: under the 50 ms a long task needs, so a quiet
 * machine's baseline is 0), and the longest of them is the baseline. The handling may take
 * max(bound, BASELINE_FACTOR × baseline): on a machine that runs everything three times slower,
 * three times longer. When the handling is over, the page runs a deliberate 120 ms task that the
 * same observer must report (a positive control): an observer that is absent or deaf fails the
 * test instead of passing it with "no long task".
 */
import { expect, type Page } from '@playwright/test';

/** No task of the page's main thread may run longer than this while bad input is handled. */
export const LONG_TASK_BOUND_MS = 200;
/** The handling may take this many times the longest reference task. */
export const BASELINE_FACTOR = 2;
/** How long the reference tasks run before the watch starts. */
export const BASELINE_PERIOD_MS = 1000;
/** Steps of arithmetic in one reference task: the same work on every machine, whatever it costs there. */
export const BASELINE_WORK = 10_000_000;
/** The deliberate task at the end, which the observer must report. */
export const CONTROL_TASK_MS = 120;

interface Entry {
  start: number;
  duration: number;
}

interface PageWatch {
  entries: Entry[];
}

export interface LongTasks {
  /** The longest task (ms, 0 when none passed 50 ms) between watchLongTasks and longestTask. */
  longest: number;
  /** How many tasks passed 50 ms then. */
  count: number;
  /** The longest reference task just before (0 when none passed 50 ms). */
  baseline: number;
  /** What `longest` must not exceed: max(the absolute bound, BASELINE_FACTOR × baseline). */
  bound: number;
  /** How long the observer saw the deliberate CONTROL_TASK_MS task take. */
  control: number;
}

const bounds = new WeakMap<Page, { absolute: number; baseline: number }>();

/** Installs a fresh observer that records every long task's start and duration. */
async function observe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks?: PageWatch; longTaskObserver?: PerformanceObserver };
    w.longTaskObserver?.disconnect();
    const watch: PageWatch = { entries: [] };
    w.longTasks = watch;
    w.longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        watch.entries.push({ start: entry.startTime, duration: entry.duration });
    });
    w.longTaskObserver.observe({ type: 'longtask', buffered: false });
  });
}

/** The entries so far, after a frame has passed (entries are delivered after their task ends). */
async function entries(page: Page): Promise<Entry[]> {
  return page.evaluate(
    () =>
      new Promise<Entry[]>((resolve) =>
        requestAnimationFrame(() =>
          setTimeout(
            () => resolve([...(window as unknown as { longTasks: PageWatch }).longTasks.entries]),
            0,
          ),
        ),
      ),
  );
}

const longestOf = (list: readonly Entry[]) => list.reduce((most, entry) => Math.max(most, entry.duration), 0);

/**
 * Measures the baseline (reference tasks of fixed work), then starts watching; read the result
 * with longestTask. `absoluteMs` is the bound on a quiet machine.
 */
export async function watchLongTasks(page: Page, absoluteMs = LONG_TASK_BOUND_MS): Promise<void> {
  await observe(page);
  const reference = await page.evaluate(
    ({ periodMs, work }) =>
      new Promise<{ tasks: number; sink: number }>((resolve) => {
        const end = performance.now() + periodMs;
        let tasks = 0;
        // Kept and returned, so the engine cannot skip the arithmetic.
        let sink = 0;
        const step = () => {
          let state = ++tasks;
          for (let i = 0; i < work; i++) state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
          sink ^= state;
          if (performance.now() < end) setTimeout(step, 0);
          else resolve({ tasks, sink });
        };
        setTimeout(step, 0);
      }),
    { periodMs: BASELINE_PERIOD_MS, work: BASELINE_WORK },
  );
  if (reference.tasks === 0) throw new Error('The reference tasks did not run on the page.');
  bounds.set(page, { absolute: absoluteMs, baseline: longestOf(await entries(page)) });
  await observe(page);
}

/**
 * The watch's result. Runs the positive control first: a deliberate CONTROL_TASK_MS task the
 * observer must report, else this throws (the observer is absent, so no number would mean anything).
 */
export async function longestTask(page: Page): Promise<LongTasks> {
  const calibration = bounds.get(page);
  if (!calibration) throw new Error('longestTask(page) needs watchLongTasks(page) first.');
  // A task of the page's own event loop: a script Playwright evaluates runs outside it, unseen.
  const span = await page.evaluate(
    (ms) =>
      new Promise<{ start: number; end: number }>((resolve) =>
        setTimeout(() => {
          const start = performance.now();
          while (performance.now() - start < ms);
          resolve({ start, end: performance.now() });
        }, 0),
      ),
    CONTROL_TASK_MS,
  );
  const overlaps = (entry: Entry) => entry.start <= span.end && entry.start + entry.duration >= span.start;
  let seen: Entry[] = [];
  await expect
    .poll(
      async () => {
        seen = await entries(page);
        return longestOf(seen.filter(overlaps));
      },
      {
        message: `the long-task observer must report the deliberate ${CONTROL_TASK_MS} ms task (positive control); without it "no long task" proves nothing`,
        timeout: 10_000,
      },
    )
    .toBeGreaterThanOrEqual(CONTROL_TASK_MS);
  const measured = seen.filter((entry) => !overlaps(entry));
  const { absolute, baseline } = calibration;
  return {
    longest: longestOf(measured),
    count: measured.length,
    baseline,
    bound: Math.max(absolute, BASELINE_FACTOR * baseline),
    control: longestOf(seen.filter(overlaps)),
  };
}

/** "longest 31 ms (0 over 50 ms; bound 50 ms, baseline 0 ms, control 121 ms)" for [metric] lines. */
export function describeLongTasks({ longest, count, bound, baseline, control }: LongTasks): string {
  return `longest main-thread task ${longest.toFixed(0)} ms (${count} over 50 ms; bound ${bound.toFixed(0)} ms, baseline ${baseline.toFixed(0)} ms, control ${control.toFixed(0)} ms)`;
}
