/**
 * Memory of each demo in each engine, measured from outside the browser so every engine is
 * measured the same way: the proportional set size (PSS, /proc/<pid>/smaps_rollup) of every
 * process the engine runs, read every 250 ms while the demo works. The page's own content
 * process (where its workers and their WebAssembly live) must stay under 1 GB: an iPhone
 * closes a tab at about 1.5 GB. Each demo gets a fresh browser, so its peak is its own. The
 * app's own figures (the Bench page's Memory table) are read afterwards and printed beside.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FIXTURES_DIR, TRANSLATE_BUILD_DIR } from '../e2e/helpers';
import { faceMedia, readPhotoSpecs } from '../media/face-media';
import { TINY_DIR } from '../e2e/translate-models';
import {
  cameraFromPhoto,
  click,
  clickText,
  navigate,
  openPhoto,
  pageErrors,
  recordErrors,
  select,
  waitForServiceWorker,
  waitFor,
} from './app';
import type { EnginePage } from './engine-page';
import { expect, test, type EngineProject } from './fixtures';
import { downloadModel, translate, withModelHost } from './servers';

/** The limit for the page's content process at its peak, in bytes. */
const CONTENT_LIMIT_BYTES = 1_000_000_000;
const SAMPLE_EVERY_MS = 250;
const MB = 1_000_000;

const media = faceMedia();

interface ProcessInfo {
  pid: number;
  /** The executable's file name. */
  name: string;
  args: string[];
}

/** A process's command line, or null once it has exited. */
function processInfo(pid: number): ProcessInfo | null {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, name: basename(args[0] ?? ''), args };
  } catch {
    return null;
  }
}

/** Children of a process, from each of its threads' children list (Chromium and Firefox launch from other threads). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** The roots and all their descendants, minus the X server (not part of the engine on a phone). */
function engineProcesses(roots: number[]): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const queue = [...roots];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const info = processInfo(pid);
    if (!info || info.name === 'Xvfb') continue;
    found.push(info);
    queue.push(...childrenOf(pid));
  }
  return found;
}

/**
 * Where web pages and their workers run: WebKit's web process, Chromium's renderer, Firefox's
 * tab content process (not its WebExtensions one). Chromium and Firefox's fork server rewrite
 * a child's command line into one string with spaces.
 */
function isContentProcess({ pid, name, args }: ProcessInfo): boolean {
  if (name === 'WebKitWebProcess') return true;
  const line = args.join(' ');
  if (/(^| )--type=renderer( |$)/.test(line)) return true;
  return / -contentproc .* tab$/.test(line) && comm(pid) !== 'WebExtensions';
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Proportional set size in bytes (resident pages, shared ones split among their users); RSS where PSS is unreadable. */
function residentBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss) return Number(pss[1]) * 1024;
  } catch {
    // Exited, or no smaps_rollup (kernels before 4.14): fall back to the status file.
  }
  try {
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return rss ? Number(rss[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

interface MemoryPeak {
  /** The largest content process at any reading (the page's own). */
  content: number;
  /** All content processes together at any reading. */
  allContent: number;
  /** Every process of the engine together at any reading. */
  total: number;
  contentProcesses: number;
  readings: number;
  seconds: number;
}

/** Reads the engine's processes every SAMPLE_EVERY_MS until stopped; the peaks of each measure. */
function watchMemory(engine: EnginePage): { stop(): MemoryPeak } {
  const started = Date.now();
  const peak: MemoryPeak = {
    content: 0,
    allContent: 0,
    total: 0,
    contentProcesses: 0,
    readings: 0,
    seconds: 0,
  };
  const read = () => {
    const processes = engineProcesses(engine.processIds());
    const sizes = processes.map((p) => ({ content: isContentProcess(p), bytes: residentBytes(p.pid) }));
    const content = sizes.filter((s) => s.content).map((s) => s.bytes);
    peak.content = Math.max(peak.content, ...content);
    peak.allContent = Math.max(
      peak.allContent,
      content.reduce((a, b) => a + b, 0),
    );
    peak.total = Math.max(
      peak.total,
      sizes.reduce((a, s) => a + s.bytes, 0),
    );
    peak.contentProcesses = Math.max(peak.contentProcesses, content.length);
    peak.readings += 1;
  };
  read();
  const timer = setInterval(read, SAMPLE_EVERY_MS);
  return {
    stop() {
      clearInterval(timer);
      read();
      return { ...peak, seconds: (Date.now() - started) / 1000 };
    },
  };
}

/** The Bench page's Memory table, as the app measured it: metric → [now, peak] bytes, or why not. */
type InApp = Record<string, { now: number | null; peak: number | null; missing: string | null }>;

async function readInApp(engine: EnginePage): Promise<InApp> {
  await waitFor(
    engine,
    () => {
      const samples = Number(
        document.querySelector('[data-testid="memory-samples"]')?.getAttribute('data-samples') ?? 0,
      );
      const heap = document.querySelector('[data-testid="bench-memory"] tr[data-metric="js-heap"]');
      // Chromium's JS heap answers after its next garbage collection (up to ~20 s).
      const heapMissing = heap?.querySelector('td[colspan]')?.textContent ?? '';
      return (
        samples >= 5 &&
        heap !== null &&
        (heap.getAttribute('data-now') !== '' || /not reported/.test(heapMissing))
      );
    },
    undefined,
    { timeout: 60_000, message: 'the Bench page’s memory readings' },
  );
  return engine.evaluate(() =>
    Object.fromEntries([
      [
        'workers',
        {
          now: null,
          peak: null,
          missing: document.querySelector('[data-testid="memory-samples"]')?.textContent ?? '',
        },
      ],
      ...Array.from(document.querySelectorAll('[data-testid="bench-memory"] tbody tr')).map((row) => {
        const number = (name: string) => (row.getAttribute(name) ? Number(row.getAttribute(name)) : null);
        const missing = row.querySelector('td[colspan]')?.textContent?.trim() ?? null;
        return [
          row.getAttribute('data-metric'),
          { now: number('data-now'), peak: number('data-peak'), missing },
        ];
      }),
    ]),
  );
}

function mb(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '–' : (bytes / MB).toFixed(0);
}

function describeInApp(inApp: InApp): string {
  const value = (metric: string) => {
    const row = inApp[metric];
    return row?.missing ?? `${mb(row?.peak)} MB`;
  };
  return `JS heap ${value('js-heap')}, tfjs wasm ${value('tfjs-wasm')}, ORT wasm ${value('ort-wasm')} (${inApp.workers?.missing})`;
}

interface DemoResult {
  demo: string;
  peak: MemoryPeak;
  inApp: InApp;
}

const results = new Map<EngineProject, DemoResult[]>();
let engineVersion = '';

/** Runs a demo with the memory watch on, then reads the app's own figures on the Bench page. */
async function measure(
  engine: EnginePage,
  project: EngineProject,
  demo: string,
  run: () => Promise<void>,
): Promise<void> {
  engineVersion = engine.version;
  const watch = watchMemory(engine);
  let peak: MemoryPeak;
  try {
    await run();
  } finally {
    peak = watch.stop();
  }
  // A client-side route change: the app's inference worker, and its memory, stay.
  await navigate(engine, 'Bench', 'Benchmarks');
  const inApp = await readInApp(engine);
  const result = { demo, peak, inApp };
  results.set(project, [...(results.get(project) ?? []), result]);
  console.log(
    `[metric] memory ${project} ${demo}: content process ${mb(peak.content)} MB ` +
      `(${peak.contentProcesses} content, ${mb(peak.allContent)} MB together), all processes ` +
      `${mb(peak.total)} MB, ${peak.readings} readings in ${peak.seconds.toFixed(0)} s; in the app: ${describeInApp(inApp)}`,
  );
  expect(await pageErrors(engine)).toEqual([]);
  expect(peak.readings, 'the watch read the engine’s processes').toBeGreaterThan(1);
  expect(peak.content, 'a content process was found').toBeGreaterThan(0);
  expect(peak.content, `${demo}: the page’s content process at its peak`).toBeLessThan(CONTENT_LIMIT_BYTES);
}

/**
 * Opens a route once the service worker controls the app: the first visit reloads when it
 * takes control, which would drop the camera stand-in and the readings in between.
 */
async function open(engine: EnginePage, url: string): Promise<void> {
  await engine.goto(`${new URL(url).origin}/settings`);
  await waitForServiceWorker(engine);
  await engine.goto(url);
  await recordErrors(engine);
}

test.describe.configure({ mode: 'default' });

// eslint-disable-next-line no-empty-pattern -- Playwright hooks take their fixtures this way
test.afterAll(({}, testInfo) => {
  const rows = results.get(testInfo.project.name as EngineProject) ?? [];
  if (rows.length === 0) return;
  const lines = [
    `[metric] memory peaks in ${testInfo.project.name} (${engineVersion}), PSS in MB; in-app figures from the Bench page`,
    `[metric] ${'demo'.padEnd(18)} ${'content'.padStart(8)} ${'all'.padStart(6)}  in the app`,
    ...rows.map(
      ({ demo, peak, inApp }) =>
        `[metric] ${demo.padEnd(18)} ${mb(peak.content).padStart(8)} ${mb(peak.total).padStart(6)}  ${describeInApp(inApp)}`,
    ),
  ];
  console.log(lines.join('\n'));
});

test('memory: Face, photos (the fixtures and a 6000×4000 JPEG)', async ({ engine, origin, project }) => {
  test.setTimeout(300_000);
  await open(engine, `${origin}/face?backend=wasm`);
  await measure(engine, project, 'face photos', async () => {
    for (const spec of readPhotoSpecs()) await openPhoto(engine, media.photos[spec.name]!.path, 'image/png');
    await openPhoto(engine, media.largePhoto.path, 'image/jpeg');
  });
});

test('memory: Face, live camera', async ({ engine, origin, project }) => {
  test.setTimeout(240_000);
  await open(engine, `${origin}/face?backend=wasm`);
  await cameraFromPhoto(engine, media.photos['one-man']!.path);
  await measure(engine, project, 'face live camera', async () => {
    await clickText(engine, 'Start camera');
    await waitFor(
      engine,
      () => {
        const error = document.querySelector('[data-testid="model-error"], [data-testid="camera-error"]');
        if (error) throw new Error(error.textContent ?? 'error');
        return (
          Number(document.querySelector('[data-testid="stage-stats"]')?.getAttribute('data-frames')) >= 30
        );
      },
      undefined,
      { timeout: 150_000, message: '30 live frames' },
    );
    await clickText(engine, 'Stop camera');
  });
});

test('memory: Translate, a tiny opus-mt pair downloaded and run', async ({ engine, project }, testInfo) => {
  test.setTimeout(300_000);
  const hostRoot = join(FIXTURES_DIR, 'translate-host');
  await withModelHost(engine, testInfo, 4750, TRANSLATE_BUILD_DIR, hostRoot, async (origin) => {
    await engine.goto(`${origin}/translate?backend=wasm`);
    await recordErrors(engine);
    const pairs = (
      JSON.parse(readFileSync(join(TINY_DIR, 'expected.json'), 'utf8')) as {
        marian: { pairs: Record<string, { cases: { text: string }[] }> };
      }
    ).marian.pairs;
    await measure(engine, project, 'translate', async () => {
      await select(engine, '[data-testid="source-lang"]', 'en');
      await select(engine, '[data-testid="target-lang"]', 'de');
      await downloadModel(engine, 'opus-mt-en-de');
      await translate(engine, pairs['opus-mt-en-de']!.cases[0]!.text);
    });
  });
});

test('memory: Health, a heart-rate measurement started and stopped', async ({ engine, origin, project }) => {
  test.setTimeout(240_000);
  await open(engine, `${origin}/health?backend=wasm`);
  await cameraFromPhoto(engine, media.photos['one-man']!.path);
  await measure(engine, project, 'health measurement', async () => {
    await click(engine, '[data-testid="start-measurement"]');
    await waitFor(
      engine,
      () => {
        const error = document.querySelector('[data-testid="health-error"], [data-testid="camera-error"]');
        if (error) throw new Error(error.textContent ?? 'error');
        return document.querySelector('[data-testid="vitals-stats"]')?.getAttribute('data-regions') || null;
      },
      undefined,
      { timeout: 150_000, message: 'the measurement to find the face' },
    );
    // Ten seconds of measuring: the face mesh, the skin patches and the pulse signal all run.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await clickText(engine, 'Cancel');
  });
});

test('memory: Bench, idle', async ({ engine, origin, project }) => {
  test.setTimeout(180_000);
  await open(engine, `${origin}/`);
  await measure(engine, project, 'bench idle', async () => {
    await navigate(engine, 'Bench', 'Benchmarks');
    // The backend check runs once the page opens; then the page sits.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  });
});
