// @ts-check
/**
 * The start-up suite: from navigation start to the first face result on the Face page, on the
 * fake camera (the page's "Start camera" is clicked the moment it renders).
 *
 * Cold: a fresh browser context (no service worker, no cache, no stored models), first visit.
 * Warm: the app installed (the service worker has precached the shell and the bundled models
 * are stored), then the server stopped, so the network has nothing to give, and the installed
 * page reopened. (Chromium's offline emulation was not used: it sometimes sent the reload past
 * the installed service worker.) Bytes are what the server sent (its access log: response
 * bodies, the service worker's fetches included; `npm start` does not compress), until the first
 * face result and, once, until the install finished; warm, every request that tried the network
 * and failed is listed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_MEDIA_FLAGS, buildRealApp, bytesOf, kB, serveApp, summarize } from './_app.mjs';
import { fmt, spread } from './_format.mjs';

/** The fake camera's clip: one face that pans and zooms (tests/media/face-media.ts). */
const CLIP = 'dist-media/face-pan.y4m';
const FULL = { warmup: 1, runs: 5 };
const QUICK = { warmup: 0, runs: 1 };
/** The goal for a warm start. */
const WARM_GOAL_MS = 500;
/** And at most this many times the warm first paint of the same run. */
const WARM_GOAL_OVER_PAINT = 1.5;
/** Longest wait for a first result, or for the install to finish, on a busy machine. */
const WAIT_MS = 180_000;

/**
 * Runs in the page before its scripts: clicks "Start camera" as soon as it exists, and notes
 * (ms from navigation start) the first paint, the first result and the first result with a face.
 */
function instrument() {
  /** @type {{ fcp?: number, click?: number, firstResult?: number, firstFace?: number }} */
  const marks = {};
  /** @type {any} */ (window).startupMarks = marks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'first-contentful-paint') marks.fcp ??= entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new MutationObserver(() => {
    if (marks.click === undefined) {
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === 'Start camera',
      );
      if (button) {
        marks.click = performance.now();
        button.click();
      }
    }
    const count = document.querySelector('[data-testid="face-count"]');
    if (count && Number(count.getAttribute('data-frame')) > 0) {
      marks.firstResult ??= performance.now();
      if (Number(count.textContent) > 0) marks.firstFace ??= performance.now();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/**
 * Opens /face on a new page of `context` and waits for the first face; returns the marks and
 * how many requests the page saw answered by the service worker.
 * @param {import('@playwright/test').BrowserContext} context @param {string} url
 * @param {import('@playwright/test').Page=} reuse a page to reload instead of a new one
 */
async function firstFace(context, url, reuse) {
  const page = reuse ?? (await context.newPage());
  let fromServiceWorker = 0;
  let requests = 0;
  /** @type {string[]} */
  const failed = [];
  page.on('response', (response) => {
    requests += 1;
    if (response.fromServiceWorker()) fromServiceWorker += 1;
  });
  page.on('requestfailed', (request) => failed.push(new URL(request.url()).pathname));
  if (!reuse) await page.addInitScript(instrument);
  // The installed page reloads (as a person reopening the app gets the same document from the
  // service worker); a new page loads the URL.
  if (reuse) await page.reload();
  else await page.goto(url);
  await page.waitForFunction(
    () => /** @type {any} */ (window).startupMarks.firstFace !== undefined,
    undefined,
    {
      timeout: WAIT_MS,
      polling: 50,
    },
  );
  const marks = await page.evaluate(() => /** @type {any} */ (window).startupMarks);
  // The app's own marks (src/shared/startup-marks.ts): when each step of the start ended.
  const steps = await page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('offgrid:'))
      .map((mark) => ({
        step: mark.name.slice('offgrid:'.length),
        at: mark.startTime,
        detail: /** @type {PerformanceMark} */ (mark).detail ?? null,
      })),
  );
  const backend = await page.getByTestId('backend').textContent();
  page.removeAllListeners('response');
  page.removeAllListeners('requestfailed');
  return { page, marks, steps, backend, requests, fromServiceWorker, failed };
}

/**
 * Resolves once the service worker controls the page and every bundled model is stored. It polls
 * from here: waitForFunction takes a promise the page returns as a truthy answer, not as one to
 * wait for.
 */
async function waitForInstall(
  /** @type {import('@playwright/test').Page} */ page,
  /** @type {number} */ bundled,
) {
  const installed = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      if (!registration?.active || !navigator.serviceWorker.controller) return -1;
      const db = await new Promise((resolve) => {
        const open = indexedDB.open('offgrid-models');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => resolve(null);
      });
      if (!(db instanceof IDBDatabase) || !db.objectStoreNames.contains('installed')) return 0;
      try {
        const rows = await new Promise((resolve) => {
          const request = db.transaction('installed').objectStore('installed').count();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(0);
        });
        return Number(rows);
      } finally {
        db.close();
      }
    });
  const deadline = Date.now() + WAIT_MS;
  let stored = await installed();
  while (stored < bundled) {
    if (Date.now() > deadline)
      throw new Error(
        stored < 0
          ? 'The app never installed its service worker: is dist-bench/app-real a development build?'
          : `Only ${stored} of ${bundled} bundled models were stored after ${WAIT_MS / 1000} s.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
    stored = await installed();
  }
}

/** How long the server must have sent nothing before the app counts as installed. */
const QUIET_MS = 3000;

/** @param {import('../run.mjs').SuiteContext} context */
async function run({ project, config, launch, log }) {
  const clip = join(project, CLIP);
  if (!existsSync(clip))
    throw new Error(
      `${CLIP} is missing: the end-to-end tests' setup makes it (npx playwright test tests/e2e/face.spec.ts).`,
    );
  const root = buildRealApp(project, log);
  const registry = JSON.parse(readFileSync(join(root, 'models', 'registry.json'), 'utf8'));
  const bundled = registry.models.filter((/** @type {any} */ m) => m.bundled).length;
  const settings = config.quick ? QUICK : FULL;
  const backends = config.backends ?? ['wasm'];
  const browser = await launch([...FAKE_MEDIA_FLAGS, `--use-file-for-fake-video-capture=${clip}`]);
  const newContext = () => browser.newContext({ viewport: { width: 1280, height: 800 } });
  /** @type {any[]} */
  const results = [];
  /** @type {{ stop: () => void }[]} */
  const servers = [];
  try {
    for (const backend of backends) {
      // A server per backend: it is stopped for the warm runs.
      const server = await serveApp(project, root);
      servers.push(server);
      const url = `${server.base}/face?backend=${backend}`;
      /** @type {any[]} */
      const cold = [];
      /** @type {any[]} */
      const warm = [];
      let install = null;
      let ranOn = backend;
      // Cold: each run in a fresh context; the last one stays open to install and go offline.
      const coldRuns = settings.warmup + settings.runs;
      /** @type {import('@playwright/test').BrowserContext | null} */
      let installed = null;
      /** @type {import('@playwright/test').Page | undefined} */
      let installedPage;
      for (let i = 0; i < coldRuns; i += 1) {
        const context = await newContext();
        const mark = server.mark();
        const { page, marks, steps, backend: shown, requests } = await firstFace(context, url);
        const sent = server.since(mark);
        ranOn = shown ?? backend;
        const sample = {
          ...marks,
          steps,
          networkBytes: bytesOf(sent),
          networkRequests: sent.length,
          pageRequests: requests,
        };
        if (i >= settings.warmup) cold.push(sample);
        log(
          `${backend} cold ${i + 1}/${coldRuns}: first face ${fmt(marks.firstFace)} ms, ${kB(sample.networkBytes)} kB`,
        );
        if (i === coldRuns - 1) {
          await waitForInstall(page, bundled);
          // Every download the service worker started (bundled variants too) has finished: the
          // server has sent nothing for QUIET_MS.
          for (let last = -1, quietSince = Date.now(); Date.now() - quietSince < QUIET_MS;) {
            await new Promise((resolve) => setTimeout(resolve, 250));
            const count = server.mark();
            if (count !== last) [last, quietSince] = [count, Date.now()];
          }
          installedPage = page;
          const all = server.since(mark);
          install = {
            networkBytes: bytesOf(all),
            networkRequests: all.length,
            modelBytes: bytesOf(all.filter((e) => e.path.startsWith('/models/'))),
            runtimeBytes: bytesOf(all.filter((e) => e.path.startsWith('/runtime/'))),
          };
          installed = context;
        } else await context.close();
      }
      // Warm: installed, and the network gone (the server stopped); the installed page reloads
      // /face (a new document, inference worker and camera).
      server.stop();
      const context = /** @type {import('@playwright/test').BrowserContext} */ (installed);
      for (let i = 0; i < settings.warmup + settings.runs; i += 1) {
        const { marks, steps, requests, fromServiceWorker, failed } = await firstFace(
          context,
          url,
          installedPage,
        );
        const sample = {
          ...marks,
          steps,
          // Nothing can come from the network; what tried it (and failed) is listed.
          networkBytes: 0,
          failedRequests: failed,
          pageRequests: requests,
          fromServiceWorker,
        };
        if (i >= settings.warmup) warm.push(sample);
        log(
          `${backend} warm ${i + 1}/${settings.warmup + settings.runs}: first face ${fmt(marks.firstFace)} ms, ${kB(sample.networkBytes)} kB`,
        );
      }
      await context.close();
      const summary = (/** @type {any[]} */ samples) => ({
        firstFaceMs: summarize(samples.map((s) => s.firstFace)),
        firstResultMs: summarize(samples.map((s) => s.firstResult)),
        firstPaintMs: summarize(samples.map((s) => s.fcp)),
        networkBytes: summarize(samples.map((s) => s.networkBytes)),
      });
      results.push({
        backend,
        ranOn,
        cold: { samples: cold, ...summary(cold), install },
        warm: { samples: warm, ...summary(warm) },
      });
    }
  } finally {
    await browser.close();
    for (const server of servers) server.stop();
  }
  return {
    suite: 'startup',
    backends: [...new Set(results.map((r) => r.ranOn))],
    config: { ...settings, backends, clip: CLIP },
    goal: { warmFirstFaceMs: WARM_GOAL_MS, warmOverFirstPaint: WARM_GOAL_OVER_PAINT },
    results,
  };
}

/** Markdown rows: cold and warm per backend. */
function startupTable(/** @type {any} */ result) {
  const rows = [
    '| backend | start | first paint (ms) | first face (ms) | p10–p90 | runs | bytes from the network (kB) | goal |',
    '| ------- | ----- | ---------------- | --------------- | ------- | ---- | --------------------------- | ---- |',
  ];
  for (const r of result.results) {
    const ran = r.ranOn === r.backend ? r.backend : `${r.backend} (ran on ${r.ranOn})`;
    const install = r.cold.install ? `; ${kB(r.cold.install.networkBytes)} until installed` : '';
    rows.push(
      `| ${ran} | cold | ${fmt(r.cold.firstPaintMs.median)} | ${fmt(r.cold.firstFaceMs.median)} | ${spread(r.cold.firstFaceMs)} | ${r.cold.firstFaceMs.runs} | ${kB(r.cold.networkBytes.median)} to first face${install} | |`,
    );
    rows.push(
      `| ${ran} | warm, offline | ${fmt(r.warm.firstPaintMs.median)} | **${fmt(r.warm.firstFaceMs.median)}** | ${spread(r.warm.firstFaceMs)} | ${r.warm.firstFaceMs.runs} | none (server stopped; ${r.warm.samples.reduce((/** @type {number} */ n, /** @type {any} */ s) => n + s.failedRequests.length, 0)} requests tried it) | ≤ ${result.goal.warmFirstFaceMs} ms and ≤ ${result.goal.warmOverFirstPaint}× first paint: ${fmt(r.warm.firstFaceMs.median / r.warm.firstPaintMs.median, 2)}× |`,
    );
  }
  rows.push(
    '',
    'Where the time goes (ms from navigation start, median; the detector load’s parts in ms):',
    '',
    ...stepsTable(result),
  );
  return rows;
}

/**
 * Where a start's time goes, per backend and start (median over runs): when each step ended,
 * in ms from navigation start: the worker's start (its time origin, its code fetched and parsed,
 * its modules evaluated, the load received) and the detector load's own parts (the backend's
 * start, reading the model through the service worker, the warm-up run).
 */
export function startupSteps(/** @type {any[]} */ samples) {
  const at = (/** @type {string} */ step) =>
    summarize(samples.map((s) => s.steps?.find((/** @type {any} */ m) => m.step === step)?.at)).median;
  const detail = (/** @type {string} */ step, /** @type {string} */ part) =>
    summarize(samples.map((s) => s.steps?.find((/** @type {any} */ m) => m.step === step)?.detail?.[part]))
      .median;
  const load = (/** @type {string} */ part) => detail('model-loaded', part);
  return {
    firstPaint: summarize(samples.map((s) => s.fcp)).median,
    app: at('app'),
    cameraAsked: at('camera-asked'),
    workerAsked: at('worker-asked'),
    cameraOpen: at('camera-open'),
    videoPlaying: at('video-playing'),
    workerBegan: load('workerBegan'),
    workerEvaluating: load('workerEvaluating'),
    workerReady: load('workerReady'),
    loadCalled: load('loadCalled'),
    modelLoaded: at('model-loaded'),
    backendMs: load('initMs'),
    modelReadMs: load('loadMs'),
    warmupMs: load('warmupMs'),
    modelsReady: at('models-ready'),
    liveStarted: at('live-started'),
    firstFrameDrawn: detail('first-frame', 'drawnAt'),
    firstFrameMs: detail('first-frame', 'endToEnd'),
    firstFrameModelMs: detail('first-frame', 'model'),
    firstResult: summarize(samples.map((s) => s.firstResult)).median,
    firstFace: summarize(samples.map((s) => s.firstFace)).median,
  };
}

/** Markdown rows: the steps of each start, for the table under the start-up table. */
function stepsTable(/** @type {any} */ result) {
  const rows = [
    '| backend | start | first paint | app module | camera asked | camera open | video playing | worker began | worker code fetched | worker modules ready | load received | detector loaded (backend / read / warm-up) | live loop | first frame drawn (in the worker: all / model) | first result | first face |',
    '| ------- | ----- | ----------- | ---------- | ------------ | ----------- | ------------- | ------------ | ------------------- | -------------------- | ------------- | ------------------------------------------ | --------- | ---------------------------------------------- | ------------ | ---------- |',
  ];
  for (const r of result.results) {
    for (const start of /** @type {const} */ (['cold', 'warm'])) {
      const s = startupSteps(r[start].samples);
      rows.push(
        `| ${r.ranOn} | ${start} | ${fmt(s.firstPaint)} | ${fmt(s.app)} | ${fmt(s.cameraAsked)} | ${fmt(s.cameraOpen)} | ${fmt(s.videoPlaying)} | ${fmt(s.workerBegan)} | ${fmt(s.workerEvaluating)} | ${fmt(s.workerReady)} | ${fmt(s.loadCalled)} | ${fmt(s.modelLoaded)} (${fmt(s.backendMs)} / ${fmt(s.modelReadMs)} / ${fmt(s.warmupMs)}) | ${fmt(s.liveStarted)} | ${fmt(s.firstFrameDrawn)} (${fmt(s.firstFrameMs)} / ${fmt(s.firstFrameModelMs)}) | ${fmt(s.firstResult)} | ${fmt(s.firstFace)} |`,
      );
    }
  }
  return rows;
}

/** @type {import('../run.mjs').Suite} */
export default { run, table: startupTable };
