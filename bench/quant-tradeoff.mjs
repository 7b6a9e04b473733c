#!/usr/bin/env node
// @ts-check
/**
 * Writes the Models page's trade-off summary (src/shared/quantization-tradeoff.json) from a full
 * quantization bench result: each variant's weight size, its latency against the reference
 * variant and its accuracy change, on one backend (WebAssembly by default: the backend whose
 * figures a software GPU does not distort).
 *
 *   node bench/quant-tradeoff.mjs bench/results/<date>-quant.json [--backend wasm] [--note "…"]
 *
 * `--note`: what the result file cannot say, such as the machine's load during the run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const OUT = 'src/shared/quantization-tradeoff.json';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { backend: { type: 'string', default: 'wasm' }, note: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  console.error(
    'Usage: node bench/quant-tradeoff.mjs bench/results/<date>-quant.json [--backend wasm] [--note "…"]',
  );
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
if (report.suite !== 'quant' || report.quick) {
  console.error(`${file} is not a full quantization result (suite ${report.suite}, quick ${report.quick}).`);
  process.exit(2);
}

/** Four significant digits: enough for a page, and a stable diff. */
const round = (/** @type {number} */ v) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : null);
const roundAll = (/** @type {Record<string, unknown>} */ o) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]));

/** @type {Record<string, any>} */
const models = {};
for (const info of report.models) {
  /** @type {Record<string, unknown>} */
  const variants = {};
  for (const variant of info.variants) {
    const run = report.runs.find(
      (/** @type {any} */ r) =>
        r.model === info.id && r.variant === variant.id && r.backend === args.backend && !r.error,
    );
    if (!run?.accuracy || run.ranOn !== args.backend) continue;
    variants[variant.id] = {
      weightBytes: variant.weightBytes,
      latencyMs: round(run.latencyMs.median),
      speedRatio: round(run.latencyRatio),
      p10Ms: round(run.latencyMs.p10),
      p90Ms: round(run.latencyMs.p90),
      runs: run.latencyMs.runs,
      accuracy: roundAll(run.accuracy),
    };
  }
  models[info.id] = { reference: info.reference, photos: info.photos.length, variants };
}

const m = report.machine;
const machine = [
  `${m.cores} cores of an ${m.cpu}, headless Chromium ${report.browser.version.split('.')[0]}`,
  args.note,
]
  .filter(Boolean)
  .join('; ');
const summary = {
  source: relative(PROJECT, file).replaceAll('\\', '/'),
  date: report.date.slice(0, 10),
  machine,
  backend: args.backend,
  models,
};
writeFileSync(`${PROJECT}${OUT}`, `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`Wrote ${OUT} from ${summary.source} (${args.backend}).\n`);
