// @ts-check
/**
 * Building the app, shared by `npm start`, the benchmark runner and the end-to-end setup: when a
 * build is stale, and one way to run `vite build`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the app's build reads: a change to any of these makes a build of it stale. */
export const APP_BUILD_INPUTS = [
  'src',
  'public',
  'models',
  'index.html',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
];

/**
 * Newest modification time below `path` (0 when it does not exist), skipping dot-entries.
 * @param {string} path
 * @returns {number}
 */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (!entry.startsWith('.')) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** When the app's sources last changed. @param {string} project */
export function appChangedAt(project) {
  return Math.max(...APP_BUILD_INPUTS.map((input) => newestMtime(join(project, input))));
}

/**
 * Runs `vite build` in `project` with extra `args`. NODE_ENV is pinned to production: Vite makes
 * a development build (`import.meta.env.DEV`, so no service worker) when a caller's environment
 * says otherwise, and that build would be served and measured as if it were the app.
 * @param {string} project @param {string[]} args @param {Record<string, string>} [env]
 */
export function viteBuild(project, args, env = {}) {
  return spawnSync('npx', ['vite', 'build', ...args], {
    cwd: project,
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}
