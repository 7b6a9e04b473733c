/**
 * The page's longest main-thread task while something is handled: a PerformanceObserver on
 * 'longtask' entries (tasks over 50 ms), installed in the page just before the handling starts.
 */
import type { Page } from '@playwright/test';

/** The bound: no task of the page's main thread may run longer than this while bad input is handled. */
export const LONG_TASK_BOUND_MS = 200;

interface Watch {
  longest: number;
  count: number;
}

/** Starts (or restarts) watching; read the result with longestTask. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks?: Watch; longTaskObserver?: PerformanceObserver };
    w.longTaskObserver?.disconnect();
    const watch: Watch = { longest: 0, count: 0 };
    w.longTasks = watch;
    w.longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        watch.longest = Math.max(watch.longest, entry.duration);
        watch.count += 1;
      }
    });
    w.longTaskObserver.observe({ type: 'longtask', buffered: false });
  });
}

/** The longest task (ms, 0 when none passed 50 ms) since watchLongTasks, and how many long tasks there were. */
export async function longestTask(page: Page): Promise<Watch> {
  // Entries are delivered after the task ends: let a frame pass first.
  return page.evaluate(
    () =>
      new Promise<Watch>((resolve) =>
        requestAnimationFrame(() =>
          setTimeout(() => resolve({ ...(window as unknown as { longTasks: Watch }).longTasks }), 0),
        ),
      ),
  );
}
