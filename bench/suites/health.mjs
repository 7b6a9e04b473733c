// @ts-check
/**
 * The health suite: the per-frame cost of a heart-rate measurement on the real app's Health page,
 * on a fake camera playing a synthetic pulse clip (tests/media/pulse-media.ts). The worker
 * reports each frame's timings to the page (VitalsReport.timings); a script added to the page
 * before its own copies each report as it arrives, so every frame is a sample. After a warm-up
 * of frames it summarises: rPPG (skin colour, POS, spectrum: the cost beyond the face models),
 * BlazeFace and FaceMesh where they ran (one frame in three, the mesh on some of those), their
 * cost spread over every frame, the whole frame, and the frames per second that arrived.
 */
import { relative } from 'node:path';
import { FAKE_MEDIA_FLAGS, buildRealApp, serveApp, summarize } from './_app.mjs';
import { fmt, spread } from './_format.mjs';
import { pulseClip } from './_media.mjs';

/** The 80 bpm clip: 320×240 at 30 fps (tests/media/pulse-media.ts). */
const CLIP_BPM = 80;
/** Frames: the first are the models' first runs and the estimator filling its window. */
const FULL = { warmupFrames: 60, frames: 300 };
const QUICK = { warmupFrames: 10, frames: 30 };
const WAIT_MS = 180_000;

/**
 * Runs in the page before its scripts: Comlink delivers each worker report as a message on a
 * MessagePort; this copies the vitals reports' timings into window.vitalsFrames.
 */
function recordReports() {
  /** @type {any[]} */
  const frames = [];
  /** @type {any} */ (window).vitalsFrames = frames;
  const add = MessagePort.prototype.addEventListener;
  MessagePort.prototype.addEventListener = function (
    /** @type {string} */ type,
    /** @type {any} */ listener,
    /** @type {any} */ options,
  ) {
    if (type === 'message')
      add.call(this, 'message', (event) => {
        const { data } = /** @type {MessageEvent} */ (event);
        const args = data?.type === 'APPLY' ? data.argumentList : null;
        for (const arg of args ?? []) {
          const report = arg?.value;
          if (report?.kind === 'vitals' && report.report?.timings)
            frames.push({
              at: performance.now(),
              ...report.report.timings,
              frameRateHz: report.report.frameRateHz,
              regions: report.report.regions,
              backend: report.report.backend,
            });
        }
      });
    add.call(this, type, listener, options);
  };
}

/** @param {import('../run.mjs').SuiteContext} context */
async function run({ project, config, launch, log }) {
  const clip = await pulseClip(project, CLIP_BPM, log);
  const settings = config.quick ? QUICK : FULL;
  const backends = config.backends ?? ['wasm'];
  const root = buildRealApp(project, log);
  const server = await serveApp(project, root);
  const browser = await launch([...FAKE_MEDIA_FLAGS, `--use-file-for-fake-video-capture=${clip}`]);
  /** @type {any[]} */
  const results = [];
  try {
    for (const backend of backends) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript(recordReports);
      await page.goto(`${server.base}/health?backend=${backend}`);
      await page.getByTestId('start-measurement').click();
      const needed = settings.warmupFrames + settings.frames;
      await page.waitForFunction((n) => /** @type {any} */ (window).vitalsFrames.length >= n, needed, {
        timeout: WAIT_MS,
        polling: 250,
      });
      const all = await page.evaluate(() => /** @type {any} */ (window).vitalsFrames);
      const stats = page.getByTestId('vitals-stats');
      const pageMeans = {
        faceMs: Number(await stats.getAttribute('data-face-ms')),
        meshMs: Number(await stats.getAttribute('data-mesh-ms')),
        rppgMs: Number(await stats.getAttribute('data-rppg-ms')),
      };
      await page.close();
      const frames = all.slice(settings.warmupFrames, needed);
      const seconds = (frames.at(-1).at - frames[0].at) / 1000;
      const mean = (/** @type {number[]} */ v) => v.reduce((a, b) => a + b, 0) / v.length;
      const detected = frames.filter((/** @type {any} */ f) => f.face > 0);
      const meshed = frames.filter((/** @type {any} */ f) => f.mesh > 0);
      const ranOn = frames[0].backend;
      log(
        `${backend}: ${frames.length} frames on ${ranOn}, rPPG median ${fmt(summarize(frames.map((/** @type {any} */ f) => f.rppg)).median, 3)} ms`,
      );
      results.push({
        backend,
        ranOn,
        frames: frames.length,
        rppgMs: summarize(frames.map((/** @type {any} */ f) => f.rppg)),
        drawMs: summarize(frames.map((/** @type {any} */ f) => f.draw)),
        totalMs: summarize(frames.map((/** @type {any} */ f) => f.total)),
        detectorMs: summarize(detected.map((/** @type {any} */ f) => f.face)),
        meshMs: summarize(meshed.map((/** @type {any} */ f) => f.mesh)),
        perFrameMeanMs: {
          detector: mean(frames.map((/** @type {any} */ f) => f.face)),
          mesh: mean(frames.map((/** @type {any} */ f) => f.mesh)),
          rppg: mean(frames.map((/** @type {any} */ f) => f.rppg)),
          total: mean(frames.map((/** @type {any} */ f) => f.total)),
        },
        detectorFrames: detected.length,
        meshFrames: meshed.length,
        framesPerSecond: (frames.length - 1) / seconds,
        estimatorFrameRateHz: summarize(frames.map((/** @type {any} */ f) => f.frameRateHz)),
        regions: [...new Set(frames.map((/** @type {any} */ f) => f.regions))],
        pageMeans,
      });
    }
  } finally {
    await browser.close();
    server.stop();
  }
  return {
    suite: 'health',
    backends: [...new Set(results.map((r) => r.ranOn))],
    config: { ...settings, backends, clip: relative(project, clip) },
    results,
  };
}

/** Markdown rows: per backend, each stage's median per frame (where it ran) and the mean over every frame. */
function healthTable(/** @type {any} */ result) {
  const rows = [
    '| backend | stage | median (ms) | p10–p90 | frames it ran on | mean over every frame (ms) |',
    '| ------- | ----- | ----------- | ------- | ---------------- | -------------------------- |',
  ];
  for (const r of result.results) {
    const ran = r.ranOn === r.backend ? r.backend : `${r.backend} (ran on ${r.ranOn})`;
    const row = (
      /** @type {string} */ stage,
      /** @type {any} */ s,
      /** @type {number} */ on,
      /** @type {number} */ mean,
      digits = 1,
    ) =>
      rows.push(
        `| ${ran} | ${stage} | ${fmt(s.median, digits)} | ${spread(s, digits)} | ${on} / ${r.frames} | ${fmt(mean, digits)} |`,
      );
    row('**rPPG** (beyond the face models)', r.rppgMs, r.frames, r.perFrameMeanMs.rppg, 3);
    row('BlazeFace detector', r.detectorMs, r.detectorFrames, r.perFrameMeanMs.detector);
    row('FaceMesh', r.meshMs, r.meshFrames, r.perFrameMeanMs.mesh);
    row('whole frame', r.totalMs, r.frames, r.perFrameMeanMs.total);
    rows.push(
      `| ${ran} | frames per second | ${fmt(r.framesPerSecond, 1)} | estimator ${spread(r.estimatorFrameRateHz, 1)} | | |`,
    );
  }
  return rows;
}

/** @type {import('../run.mjs').Suite} */
export default { run, table: healthTable };
