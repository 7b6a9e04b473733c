// @ts-check
/**
 * The size suite: the JavaScript the app shell loads on first paint of `/`, gzipped, against the
 * 150 kB goal, and where the ML runtimes (TensorFlow.js, onnxruntime-web) are first requested.
 * It drives the real build with the service worker blocked, so every request the server logs is
 * the page's own (or its workers'): `/`, then the Face link, then a photo analysed there.
 * Sizes are deterministic, so there is one run, quick or not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { APP_REAL_DIR, buildRealApp, kB, serveApp } from './_app.mjs';

/** The goal for the shell's JavaScript, gzipped. */
const SHELL_GOAL_BYTES = 150_000;
/** Strings that survive minification in each runtime's code. */
const RUNTIME_MARKERS = {
  tfjs: /registerKernel|tfjsflags/,
  'onnxruntime-web': /InferenceSession/,
};
/** The photo the Face page analyses (made by the end-to-end tests' media setup). */
const PHOTO = 'dist-media/one-man.png';
/** How long the server must have sent nothing before a step counts as done. */
const SETTLE_MS = 1500;

/** Every JavaScript file of the build's assets, with its gzip size and the runtimes it holds. */
function chunks(/** @type {string} */ root) {
  const dir = join(root, 'assets');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const code = readFileSync(join(dir, file));
      const text = code.toString('utf8');
      return {
        file: `/assets/${file}`,
        bytes: code.length,
        gzipBytes: gzipSync(code, { level: 9 }).length,
        runtimes: Object.entries(RUNTIME_MARKERS)
          .filter(([, marker]) => marker.test(text))
          .map(([name]) => name),
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** @param {import('../run.mjs').SuiteContext} context */
async function run({ browser, project, log }) {
  const root = buildRealApp(project, log);
  const all = chunks(root);
  const byFile = new Map(all.map((c) => [c.file, c]));
  const server = await serveApp(project, root);
  const page = await browser
    .newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } })
    .then((c) => c.newPage());
  /** @type {{ step: string, requests: string[], js: string[], jsGzipBytes: number, runtimes: string[], runtimeFiles: string[] }[]} */
  const steps = [];
  /** @type {Set<string>} */
  const seen = new Set();
  const record = async (/** @type {string} */ step, /** @type {() => Promise<void>} */ action) => {
    const mark = server.mark();
    await action();
    // Quiet means the server sent nothing for SETTLE_MS: a client-side navigation never changes
    // the page's load state, and a busy machine starts a page's late requests late.
    for (let last = -1, quietSince = Date.now(); Date.now() - quietSince < SETTLE_MS;) {
      await page.waitForTimeout(100);
      const count = server.mark();
      if (count !== last) [last, quietSince] = [count, Date.now()];
    }
    const requests = [...new Set(server.since(mark).map((e) => e.path))].filter((p) => !seen.has(p));
    for (const path of requests) seen.add(path);
    const js = requests.filter((p) => byFile.has(p));
    const runtimes = [...new Set(js.flatMap((p) => byFile.get(p)?.runtimes ?? []))];
    steps.push({
      step,
      requests,
      js,
      jsGzipBytes: js.reduce((sum, p) => sum + (byFile.get(p)?.gzipBytes ?? 0), 0),
      runtimes,
      runtimeFiles: requests.filter((p) => p.startsWith('/runtime/')),
    });
    log(
      `${step}: ${js.length} scripts, ${kB(steps.at(-1)?.jsGzipBytes ?? 0)} kB gzip; runtimes: ${runtimes.join(', ') || 'none'}`,
    );
  };
  try {
    await record('/ (first paint)', async () => {
      await page.goto(`${server.base}/`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    });
    await record('/face opened', async () => {
      await page.getByRole('link', { name: 'Face' }).first().click();
      await page.getByRole('heading', { name: 'Face detection' }).waitFor();
    });
    await record('/face first result (photo)', async () => {
      const count = page.getByTestId('face-count');
      await page.getByTestId('image-input').setInputFiles(join(project, PHOTO));
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="face-count"]')?.getAttribute('data-frame')) > 0,
        undefined,
        { timeout: 120_000 },
      );
      await count.getAttribute('data-state');
    });
  } finally {
    await page.context().close();
    server.stop();
  }
  const home = steps[0];
  const shellGzipBytes = home?.jsGzipBytes ?? 0;
  return {
    suite: 'size',
    backends: [],
    build: APP_REAL_DIR,
    gzip: 'zlib level 9',
    shell: {
      js: home?.js ?? [],
      jsBytes: (home?.js ?? []).reduce((sum, p) => sum + (byFile.get(p)?.bytes ?? 0), 0),
      jsGzipBytes: shellGzipBytes,
      goalGzipBytes: SHELL_GOAL_BYTES,
      withinGoal: shellGzipBytes <= SHELL_GOAL_BYTES,
    },
    runtimeChunks: all.filter((c) => c.runtimes.length > 0),
    runtimesOnHome: home?.runtimes ?? [],
    steps,
    chunks: all,
  };
}

/** Markdown rows: the shell against the goal, the runtime chunks, then what each step requested. */
function sizeTable(/** @type {any} */ result) {
  const shell = result.shell;
  const rows = [
    '| what | files | raw (kB) | gzip (kB) | goal (kB) | runtimes |',
    '| ---- | ----- | -------- | --------- | --------- | -------- |',
    `| app-shell JS on \`/\` | ${shell.js.length} | ${kB(shell.jsBytes)} | **${kB(shell.jsGzipBytes)}** | ${kB(shell.goalGzipBytes)} | ${result.runtimesOnHome.join(', ') || 'none'} |`,
  ];
  for (const c of result.runtimeChunks)
    rows.push(
      `| runtime chunk \`${c.file}\` | 1 | ${kB(c.bytes)} | ${kB(c.gzipBytes)} | | ${c.runtimes.join(', ')} |`,
    );
  rows.push(
    '',
    '| step | new scripts | their gzip (kB) | runtimes loaded | /runtime/ files |',
    '| ---- | ----------- | --------------- | --------------- | --------------- |',
  );
  for (const s of result.steps)
    rows.push(
      `| ${s.step} | ${s.js.map((/** @type {string} */ p) => p.replace('/assets/', '')).join(', ') || '–'} | ${kB(s.jsGzipBytes)} | ${s.runtimes.join(', ') || 'none'} | ${s.runtimeFiles.map((/** @type {string} */ p) => p.replace('/runtime/', '')).join(', ') || '–'} |`,
    );
  return rows;
}

/** @type {import('../run.mjs').Suite} */
export default { run, table: sizeTable };
