#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: builds the bench harness (bench/vite.config.ts → dist-bench/app), generates the
 * shape-real models it needs (cached in dist-bench/models), serves both with cross-origin
 * isolation, drives headless Chromium through each suite, prints a markdown table and writes the
 * result with the machine, browser and date to bench/results/<date>-<suite>.json.
 *
 * Figures are medians over timed runs after warm-up, with their spread (p10–p90); ratios compare
 * engines measured in the same run, alternating. Nothing here judges a time: it only reports.
 *
 * Options: --suite NAME (repeatable; default all), --quick (one run each, to prove the suites
 * work), --backends wasm,webgpu, --out DIR (default bench/results), --port N (4195), --no-build,
 * --threads N (our worker's WebAssembly threads, to compare counts; default its own rule).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { newestMtime, viteBuild } from '../scripts/app-build.mjs';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIST = join(PROJECT, 'dist-bench');
const APP_DIR = join(BENCH_DIST, 'app');
const MODELS_DIR = join(BENCH_DIST, 'models');
/** Inputs whose change makes the bench build stale. */
const BUILD_INPUTS = ['src', 'bench', 'vite.config.ts', 'package-lock.json'];

/**
 * What a suite's own `run` gets: the shared browser and bench server, the settings, and a way to
 * launch a browser of its own with extra flags (a fake camera file, say).
 * @typedef {{ browser: import('@playwright/test').Browser, base: string, project: string,
 *   config: { quick: boolean, backends?: string[], threads?: number },
 *   launch: (extraArgs?: string[]) => Promise<import('@playwright/test').Browser>,
 *   log: (line: string) => void }} SuiteContext
 */

/**
 * A suite (bench/suites/<name>.mjs, default export) and the markdown rows of its result. Either
 * a harness page of the bench build that exposes `call` on window.offgridBench, or its own `run`
 * (for suites that drive the app itself, such as start-up). `models`: shape-real models it needs.
 * The result lists `backends` that ran, or `engines` with `ranOn` and `samples`.
 * @typedef {{ page?: string, call?: string, run?: (context: SuiteContext) => Promise<any>,
 *   models?: { name: string, generator: string[] }[], table: (result: any) => string[] }} Suite
 */

const SUITES_DIR = join(PROJECT, 'bench', 'suites');

/** Every suite in bench/suites, by name. @returns {Promise<Record<string, Suite>>} */
async function loadSuites() {
  /** @type {Record<string, Suite>} */
  const suites = {};
  for (const file of readdirSync(SUITES_DIR).sort()) {
    if (!file.endsWith('.mjs') || file.startsWith('_')) continue;
    const module = await import(pathToFileURL(join(SUITES_DIR, file)).href);
    suites[file.slice(0, -'.mjs'.length)] = module.default;
  }
  return suites;
}

/** Chromium with WebGPU and WebGL on SwiftShader, as the end-to-end tests run it (tests/e2e/browser.ts). */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
];

const HOW_TO_GET_CHROMIUM = [
  'No Chromium found for the benchmark. Get one of these:',
  '  • Debian/Ubuntu: sudo apt-get install -y chromium   (gives /usr/bin/chromium)',
  '  • Anywhere with internet access: npx playwright install chromium',
  '  • Or point CHROMIUM_PATH at any Chromium or Chrome binary.',
].join('\n');

const { values: args } = parseArgs({
  options: {
    suite: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
    backends: { type: 'string' },
    out: { type: 'string', default: join(PROJECT, 'bench', 'results') },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '4195' },
    'no-build': { type: 'boolean', default: false },
    threads: { type: 'string' },
  },
});

/** @param {string} command @param {string[]} commandArgs @param {string} what */
function runOrExit(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { cwd: PROJECT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${what} failed (${command} ${commandArgs.join(' ')}); see the errors above.`);
    process.exit(result.status ?? 1);
  }
}

function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}

function python() {
  if (process.env.PYTHON) return process.env.PYTHON;
  // Debian's python sees python3-onnx and python3-numpy; a pyenv python3 may not.
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Generates a suite's models when missing or older than their generator (they are cached). */
function ensureModels(/** @type {Suite} */ suite) {
  for (const model of suite.models ?? []) {
    const dir = join(MODELS_DIR, model.name);
    const madeAt = newestMtime(join(dir, 'config.json'));
    const changedAt = Math.max(...model.generator.map((f) => newestMtime(join(PROJECT, f))));
    if (madeAt > changedAt) continue;
    console.log(`Generating the shape-real ${model.name} into ${relative(PROJECT, dir)} …`);
    runOrExit(python(), [model.generator[0] ?? '', dir], `Generating ${model.name}`);
  }
}

function buildIfStale() {
  const builtAt = newestMtime(join(APP_DIR, '_headers'));
  const changedAt = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(PROJECT, input))));
  if (!args['no-build'] && builtAt <= changedAt) {
    console.log('Building the bench harness into dist-bench/app …');
    const result = viteBuild(PROJECT, ['--config', 'bench/vite.config.ts', '--logLevel', 'warn']);
    if (result.status !== 0) {
      console.error('The bench build failed; see the errors above.');
      process.exit(result.status ?? 1);
    }
  }
  if (!existsSync(join(APP_DIR, '_headers'))) {
    console.error('dist-bench/app is not built; run without --no-build.');
    process.exit(1);
  }
  // The server serves one folder: the generated models appear in it as /bench-models/.
  const link = join(APP_DIR, 'bench-models');
  // lstat, not exists: a link whose target is not made yet still exists.
  mkdirSync(MODELS_DIR, { recursive: true });
  if (!lstatSync(link, { throwIfNoEntry: false })) symlinkSync(relative(APP_DIR, MODELS_DIR), link);
}

/** Starts scripts/serve.mjs on the bench build; resolves once it answers. */
async function serve(/** @type {string} */ port) {
  const server = spawn(
    process.execPath,
    ['scripts/serve.mjs', '--root', APP_DIR, '--no-build', '--port', port, '--host', '127.0.0.1'],
    { cwd: PROJECT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (server.exitCode !== null) throw new Error(`The bench server exited (is port ${port} in use?).`);
    const ok = await fetch(`${base}/_headers`).then(
      () => true,
      () => false,
    );
    if (ok) return { base, stop: () => server.kill() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill();
  throw new Error(`The bench server did not answer on ${base}.`);
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
  };
}

/**
 * Opens a suite's harness page and calls its window.offgridBench function with the settings.
 * @param {import('@playwright/test').Browser} browser @param {string} base @param {Suite} suite
 * @param {{ quick: boolean, backends?: string[], threads?: number }} config
 */
async function runPage(browser, base, suite, config) {
  const page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.text().startsWith('[bench]')) console.log(`  ${msg.text().slice(8)}`);
  });
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  try {
    await page.goto(`${base}${suite.page}`);
    return await page.evaluate(({ call, config }) => /** @type {any} */ (window).offgridBench[call](config), {
      call: suite.call ?? '',
      config,
    });
  } finally {
    await page.close();
  }
}

async function main() {
  const SUITES = await loadSuites();
  const names = args.suite?.length ? args.suite : Object.keys(SUITES);
  for (const name of names) {
    if (!SUITES[name]) {
      console.error(`Unknown suite "${name}". Suites: ${Object.keys(SUITES).join(', ')}.`);
      process.exit(2);
    }
  }
  const executablePath = findChromium();
  buildIfStale();
  for (const name of names) ensureModels(/** @type {Suite} */ (SUITES[name]));
  const server = await serve(args.port ?? '4195');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  const browserVersion = browser.version();
  /**
   * @param {Suite} suite @param {{ quick: boolean, backends?: string[], threads?: number }} config
   * @returns {Promise<any>}
   */
  const runSuite = (suite, config) =>
    suite.run
      ? suite.run({
          browser,
          base: server.base,
          project: PROJECT,
          config,
          launch: (extraArgs = []) =>
            chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS, ...extraArgs] }),
          log: (line) => console.log(`  ${line}`),
        })
      : runPage(browser, server.base, suite, config);
  try {
    for (const name of names) {
      const suite = /** @type {Suite} */ (SUITES[name]);
      /** @type {{ quick: boolean, backends?: string[], threads?: number }} */
      const config = { quick: args.quick };
      if (args.backends) config.backends = args.backends.split(',');
      if (args.threads) config.threads = Number(args.threads);
      console.log(`Suite ${name}${args.quick ? ' (quick)' : ''} …`);
      const started = new Date();
      /** @type {any} */
      let result;
      try {
        result = await runSuite(suite, config);
      } catch (error) {
        // One suite failing does not lose the others' results; the exit code says it failed.
        console.error(`Suite ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
        continue;
      }
      const backendsRan = result.backends ?? [
        ...new Set(
          result.engines
            .filter((/** @type {any} */ e) => e.samples.length > 0)
            .map((/** @type {any} */ e) => e.ranOn),
        ),
      ];
      const report = {
        suite: name,
        date: started.toISOString(),
        quick: args.quick,
        machine: machine(),
        browser: { name: 'Chromium (headless)', version: browserVersion, flags: CHROMIUM_FLAGS },
        backends: backendsRan,
        ...result,
      };
      const table = suite.table(result);
      console.log(`\n${table.join('\n')}\n`);
      mkdirSync(args.out ?? '', { recursive: true });
      const file = join(
        args.out ?? '',
        `${started.toISOString().slice(0, 10)}-${name}${args.quick ? '-quick' : ''}.json`,
      );
      writeFileSync(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
      renameSync(`${file}.tmp`, file);
      console.log(`Wrote ${relative(process.cwd(), file)}`);
    }
  } finally {
    await browser.close();
    server.stop();
  }
}

await main();
