// @ts-check
/** When a build or generated file is stale: the newest change below its inputs. */
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
