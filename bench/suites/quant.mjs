// @ts-check
/**
 * The quantization suite: the bundled variants of BlazeFace and MoveNet (fp32, fp16, uint8 as
 * the build stages them) on each backend: size, latency, and accuracy against the reference
 * variant on the same photos. It stages the variants itself (models/stage.ts, the build's own
 * step) and copies the photos from @vladmandic/human's assets into dist-bench/models/quant,
 * which the bench server serves as /bench-models/quant/.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { fmt, spread } from './_format.mjs';

const MANIFESTS = ['blazeface-short', 'blazeface-full', 'movenet-lightning'];
const PHOTO_ASSETS = 'node_modules/@vladmandic/human/assets';
const PHOTO_FILES = [
  'screenshot-faceid.jpg',
  'screenshot-facedetect.jpg',
  'screenshot-facematch.jpg',
  'samples.jpg',
  'screenshot-vrm.jpg',
];
/** Staging inputs: a change to any of them stages again. */
const STAGE_INPUTS = ['models/stage.ts', 'models/tfjs-quantize.ts', 'src/shared/model-registry.ts'];

const mtime = (/** @type {string} */ path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** Stages the three models' variants and copies the photos, unless already done since the inputs changed. */
async function prepare(/** @type {string} */ project, /** @type {(line: string) => void} */ log) {
  const dir = join(project, 'dist-bench', 'models', 'quant');
  const manifests = MANIFESTS.map((id) => join(project, 'models', 'manifests', `${id}.json`));
  const inputs = [...manifests, ...STAGE_INPUTS.map((f) => join(project, f))];
  if (mtime(join(dir, 'models', 'registry.json')) <= Math.max(...inputs.map(mtime))) {
    log('Staging the BlazeFace and MoveNet variants into dist-bench/models/quant …');
    rmSync(dir, { recursive: true, force: true });
    const manifestsDir = join(dir, 'manifests');
    mkdirSync(manifestsDir, { recursive: true });
    for (const file of manifests) copyFileSync(file, join(manifestsDir, file.split('/').at(-1) ?? ''));
    const { module } = await runnerImport(join(project, 'models', 'stage.ts'));
    await module.stageModels({ root: project, outDir: dir, manifestsDir });
  }
  mkdirSync(join(dir, 'media'), { recursive: true });
  for (const file of PHOTO_FILES) copyFileSync(join(project, PHOTO_ASSETS, file), join(dir, 'media', file));
}

/** @param {import('../run.mjs').SuiteContext} context */
async function run({ browser, base, project, config, log }) {
  await prepare(project, log);
  const page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.text().startsWith('[bench]')) log(msg.text().slice(8));
  });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  try {
    await page.goto(`${base}/bench/quant.html`);
    return await page.evaluate(
      (options) => /** @type {any} */ (window).offgridBench.quant(options),
      /** @type {Record<string, unknown>} */ ({
        quick: config.quick,
        ...(config.backends ? { backends: config.backends } : {}),
      }),
    );
  } finally {
    await page.close();
  }
}

const pct = (/** @type {number} */ v) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : '–');

/** Accuracy against the reference variant, in words short enough for a table cell. */
function accuracy(/** @type {any} */ a) {
  if (!a) return '–';
  if (a.kind === 'face')
    return `IoU ${fmt(a.meanIou, 3)}, Δscore ${fmt(a.meanScoreDiff, 4)}, faces ${a.faces}/${a.referenceFaces}, count changed on ${a.countChanged}/${a.photos}`;
  return `keypoints ${fmt(a.meanErrorPx, 2)} px (${pct(a.meanError)} mean, ${pct(a.maxError)} max), Δscore ${fmt(a.meanScoreDiff, 4)}`;
}

/** Markdown rows: each model × variant × backend, with size, latency, ratio and accuracy. */
function quantTable(/** @type {any} */ result) {
  const rows = [
    '| model | variant | weights | backend | latency (ms) | p10–p90 | runs | × reference | accuracy vs reference |',
    '| ----- | ------- | ------- | ------- | ------------ | ------- | ---- | ----------- | --------------------- |',
  ];
  for (const r of result.runs) {
    const info = result.models.find((/** @type {any} */ m) => m.id === r.model);
    const variant = info?.variants.find((/** @type {any} */ v) => v.id === r.variant);
    const name = r.variant === info?.reference ? `${r.variant} (reference)` : r.variant;
    const ran = r.ranOn === r.backend ? r.backend : `${r.backend} (ran on ${r.ranOn})`;
    if (r.error) {
      rows.push(`| ${r.model} | ${name} | | ${ran} | failed: ${r.error.replaceAll('|', '/')} | | | | |`);
      continue;
    }
    rows.push(
      `| ${r.model} | ${name} | ${fmt((variant?.weightBytes ?? NaN) / 1000, 1)} kB | ${ran} | ` +
        `${fmt(r.latencyMs.median, 2)} | ${spread(r.latencyMs, 2)} | ${r.latencyMs.runs} | ` +
        `${fmt(r.latencyRatio, 2)}× | ${accuracy(r.accuracy)} |`,
    );
  }
  return rows;
}

/** @type {import('../run.mjs').Suite} */
export default { run, table: quantTable };
