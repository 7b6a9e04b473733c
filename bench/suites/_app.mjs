// @ts-check
/**
 * What the suites that drive the real app share: its production build (as `npm run build` makes
 * it, into dist-bench/app-real, never dist/), served by scripts/serve.mjs exactly as `npm start`
 * serves it, with the server's access log as the count of bytes that crossed the network (the
 * service worker's own fetches included), and median and spread as in stats.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appChangedAt, newestMtime, viteBuild } from '../../scripts/app-build.mjs';

/** The real build's folder, relative to the project. */
export const APP_REAL_DIR = 'dist-bench/app-real';

/** Chromium's fake camera and its automatic "allow", for a browser the suite launches. */
export const FAKE_MEDIA_FLAGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/**
 * Builds the app into dist-bench/app-real when it is missing or older than its sources. It builds
 * beside it and swaps, so a failed build (sources half edited) keeps the last good one, said so.
 */
export function buildRealApp(/** @type {string} */ project, /** @type {(line: string) => void} */ log) {
  const dir = join(project, APP_REAL_DIR);
  const builtAt = newestMtime(join(dir, 'index.html'));
  if (builtAt > appChangedAt(project)) return dir;
  log(`Building the app into ${APP_REAL_DIR} …`);
  const next = `${dir}.next`;
  const result = viteBuild(project, ['--outDir', next, '--emptyOutDir', '--logLevel', 'warn']);
  if (result.status === 0) {
    rmSync(dir, { recursive: true, force: true });
    renameSync(next, dir);
  } else if (builtAt > 0) {
    log(`The app build failed (see above); measuring the previous build in ${APP_REAL_DIR}.`);
  } else throw new Error(`The app build into ${APP_REAL_DIR} failed; see the errors above.`);
  return dir;
}

/** A free TCP port on 127.0.0.1. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {{ method: string, path: string, status: number, range: string | null, bytes: number,
 *   complete: boolean }} LogEntry one response the server sent (scripts/serve.mjs --log)
 */

/**
 * Serves a build with `npm start`'s server and access log. `since(mark)` lists what was sent
 * after a `mark()`.
 * @param {string} project @param {string} root
 */
export async function serveApp(project, root) {
  const dir = mkdtempSync(join(tmpdir(), 'offgrid-bench-app-'));
  const logFile = join(dir, 'access.log');
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      'scripts/serve.mjs',
      '--root',
      root,
      '--no-build',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--log',
      logFile,
    ],
    { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((ready, fail) => {
    server.stdout?.on('data', (/** @type {Buffer} */ chunk) => {
      if (chunk.toString().includes('is running at')) ready(undefined);
    });
    server.once('exit', (code) => fail(new Error(`The app server exited with ${code} (port ${port}).`)));
  });
  /** @returns {LogEntry[]} */
  const entries = () =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line))
      : [];
  return {
    base: `http://127.0.0.1:${port}`,
    /** A point in the log to count from. */
    mark: () => entries().length,
    /** @param {number} mark @returns {LogEntry[]} */
    since: (mark) => entries().slice(mark),
    stop: () => {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Body bytes of a list of log entries. @param {LogEntry[]} entries */
export const bytesOf = (entries) => entries.reduce((sum, entry) => sum + entry.bytes, 0);

/** @param {number[]} sorted @param {number} q */
function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const low = /** @type {number} */ (sorted[lo]);
  const high = /** @type {number} */ (sorted[hi]);
  return low + (high - low) * (at - lo);
}

/** Median, p10–p90 and min–max, as src/features/bench/shared/stats.ts summarize(). @param {number[]} values */
export function summarize(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    runs: sorted.length,
  };
}

/** @param {number} bytes */
export const kB = (bytes) => (bytes / 1000).toFixed(1);
