#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: serves the production build on http://localhost:$PORT (default 4173),
 * building first when the build is missing or older than its sources.
 *
 * Every response carries the headers the build wrote to dist/_headers (CSP, COOP, COEP…),
 * so what you test is what a static host configured from that file would serve.
 * Unknown paths without a file extension get index.html (client-side routes).
 *
 * Options: --root DIR (default dist), --no-build, --port N (or PORT), --host H (or HOST),
 * --log FILE (one JSON line per response: method, path, status, range, body bytes sent).
 */
import { appendFileSync, createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appChangedAt, viteBuild } from './app-build.mjs';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));

const CONTENT_TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
});

const { values: args } = parseArgs({
  options: {
    root: { type: 'string', default: join(PROJECT, 'dist') },
    'no-build': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '4173' },
    host: { type: 'string', default: process.env.HOST ?? 'localhost' },
    log: { type: 'string' },
  },
});

const root = resolve(args.root ?? 'dist');
if (!args['no-build']) buildIfStale(root);
const headers = readHeaders(join(root, '_headers'));

/**
 * Runs `vite build` when dist/index.html is missing or older than any build input.
 * @param {string} dir
 */
function buildIfStale(dir) {
  const builtAt = existsSync(join(dir, 'index.html')) ? statSync(join(dir, 'index.html')).mtimeMs : 0;
  if (builtAt > appChangedAt(PROJECT)) return;
  console.log(builtAt ? 'Sources changed since the last build; rebuilding…' : 'No build yet; building…');
  const result = viteBuild(PROJECT, ['--outDir', dir, '--emptyOutDir']);
  if (result.status !== 0) {
    console.error('The build failed; fix the errors above and run `npm start` again.');
    process.exit(result.status ?? 1);
  }
}

/**
 * Reads a `_headers` file: a path (`/*` or an exact path) on its own line, then indented
 * `Name: value` lines.
 * @param {string} file
 * @returns {Map<string, Record<string, string>>}
 */
function readHeaders(file) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: this folder is not an Offgrid build. Run \`npm run build\`.`);
    process.exit(1);
  }
  /** @type {Map<string, Record<string, string>>} */
  const rules = new Map();
  /** @type {Record<string, string>} */
  let current = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const header = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (header?.[1] && header[2]) current[header[1]] = header[2].trim();
    else if (line.startsWith('/')) rules.set(line.trim(), (current = {}));
  }
  return rules;
}

/**
 * The headers for one path: the `/*` rule, overridden by an exact-path rule.
 * @param {string} path
 */
function headersFor(path) {
  return { ...headers.get('/*'), ...headers.get(path) };
}

/**
 * Cache policy: hashed assets forever, everything else revalidated (the SW does offline).
 * @param {string} path
 */
function cacheControl(path) {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Maps a URL path to a file in root, or null when it escapes root or is not a file.
 * @param {string} urlPath
 * @returns {string | null}
 */
function fileFor(urlPath) {
  const path = normalize(decodeURIComponent(urlPath));
  const file = join(root, path);
  if (!file.startsWith(root + sep) && file !== root) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Parses a single `bytes=a-b` range against a size; null when absent, 'invalid' when unsatisfiable.
 * @param {string | undefined} header
 * @param {number} size
 * @returns {{ start: number, end: number } | null | 'invalid'}
 */
function parseRange(header, size) {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'invalid';
  const [, a = '', b = ''] = match;
  let start = a === '' ? size - Number(b) : Number(a);
  let end = a === '' || b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (a === '' && b === '') return 'invalid';
  start = Math.max(0, start);
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let sent = 0;
  if (args.log) {
    const logFile = args.log;
    // 'close' also fires when the client goes away mid-body; `sent` counts what was written.
    res.on('close', () => {
      const entry = {
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        range: req.headers.range ?? null,
        bytes: sent,
        complete: res.writableFinished,
      };
      appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
    });
  }
  for (const [name, value] of Object.entries(headersFor(url.pathname))) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  // The headers file configures the server; it is not part of the site.
  let file = basename(url.pathname) === '_headers' ? null : fileFor(url.pathname);
  let path = url.pathname;
  if (!file && !extname(url.pathname) && basename(url.pathname) !== '_headers') {
    file = fileFor('/index.html');
    path = '/index.html';
  }
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const size = statSync(file).size;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', cacheControl(path));
  res.setHeader('Accept-Ranges', 'bytes');
  const range = parseRange(req.headers.range, size);
  if (range === 'invalid') {
    res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.setHeader('Content-Length', String(end - start + 1));
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.writeHead(range ? 206 : 200);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end })
    .on('data', (chunk) => (sent += chunk.length))
    .pipe(res);
});

server.listen(Number(args.port), args.host, () => {
  console.log(`Offgrid is running at http://${args.host}:${args.port}/ (serving ${root})`);
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
