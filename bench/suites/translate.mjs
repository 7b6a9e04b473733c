// @ts-check
/** The translation suite: the app's translator against a plain Transformers.js pipeline. */
import { fmt, spread } from './_format.mjs';

/** Markdown rows of the translation suite: each engine per backend, then ours / peer. */
function translateTable(/** @type {any} */ result) {
  const rows = [
    '| backend | engine | first token (ms) | p10–p90 | tokens/s | p10–p90 | runs | tokens | load (ms) |',
    '| ------- | ------ | ---------------- | ------- | -------- | ------- | ---- | ------ | --------- |',
  ];
  /** @type {Record<string, any[]>} */
  const byBackend = {};
  for (const e of result.engines) (byBackend[e.backend] ??= []).push(e);
  for (const [backend, engines] of Object.entries(byBackend)) {
    for (const e of engines) {
      if (e.error && e.samples.length === 0) {
        rows.push(`| ${backend} | ${e.engine} | failed: ${e.error.replaceAll('|', '/')} | | | | | | |`);
        continue;
      }
      const ran = e.ranOn === backend ? backend : `${backend} (ran on ${e.ranOn})`;
      rows.push(
        `| ${ran} | ${e.engine}${ran === 'wasm' ? ` (${e.settings.threads ?? '?'} threads)` : ''} | ${fmt(e.firstTokenMs.median)} | ${spread(e.firstTokenMs)} | ` +
          `${fmt(e.tokensPerSecond.median, 1)} | ${spread(e.tokensPerSecond, 1)} | ${e.firstTokenMs.runs} | ` +
          `${e.samples[0]?.tokens ?? '–'} | ${fmt(e.loadMs)} |`,
      );
    }
    const ours = engines.find((e) => e.engine === 'ours');
    const peer = engines.find((e) => e.engine !== 'ours');
    if (ours?.samples.length && peer?.samples.length) {
      rows.push(
        `| ${backend} | **ours / ${peer.engine}** | **${fmt(ours.firstTokenMs.median / peer.firstTokenMs.median, 2)}×** | | ` +
          `**${fmt(ours.tokensPerSecond.median / peer.tokensPerSecond.median, 2)}×** | | | | |`,
      );
    }
  }
  return rows;
}

/** @type {import('../run.mjs').Suite} */
export default {
  page: '/bench/translate.html',
  models: [
    {
      name: 'opus-mt-en-de',
      generator: ['models/shape-real/make_marian.py', 'models/tiny/graph.py', 'models/tiny/marian.py'],
    },
  ],
  call: 'translate',
  table: translateTable,
};
