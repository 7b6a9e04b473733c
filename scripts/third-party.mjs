#!/usr/bin/env node
// @ts-check
/**
 * Writes THIRD_PARTY.md: the licence of every package in the production dependency tree (what
 * `npm ci --omit=dev` installs, a superset of what the build bundles), of every package whose
 * files the build copies in (the bundled model weights), and of every model in the registry
 * (models/manifests). Versions come from package-lock.json, licences from each installed
 * package's package.json, copyright lines from its LICENSE file.
 *
 * `node scripts/third-party.mjs` rewrites the file; `--check` exits 1 when it is out of date.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = fileURLToPath(new URL('..', import.meta.url));
export const THIRD_PARTY_FILE = 'THIRD_PARTY.md';

const LICENSE_FILES = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;
/** A real copyright line ("Copyright (c) 2016 …", "© 2020 …"), not the Apache text's "copyright notice". */
const COPYRIGHT_LINE = /^(copyright\s*(\(c\)|©)|copyright\s+\d{4}|©\s*\d{4}|\(c\)\s*\d{4})/i;

/**
 * @typedef {{ name: string, version: string, license: string, licenseFile: string, copyright: string, why: string }} PackageRow
 * @typedef {{ id: string, title: string, version: string, license: string, source: string, bundled: boolean }} ModelRow
 */

/**
 * Packages of the production tree, from the lockfile: every entry not marked dev-only.
 * @param {string} root
 * @returns {{ name: string, version: string, path: string }[]}
 */
export function productionPackages(root = PROJECT) {
  const lock =
    /** @type {{ packages: Record<string, { version?: string, dev?: boolean, devOptional?: boolean }> }} */ (
      JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
    );
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path && !entry.dev && !entry.devOptional && entry.version)
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: /** @type {string} */ (entry.version),
      path,
    }));
}

/**
 * The licence facts of one installed package.
 * @param {string} root
 * @param {string} path package-lock path, e.g. node_modules/idb
 * @param {string} name
 */
function licenseOf(root, path, name) {
  const dir = join(root, path);
  if (!existsSync(join(dir, 'package.json')))
    throw new Error(`${name} is in package-lock.json but not installed at ${path}: run npm ci first.`);
  const pkg = /** @type {{ license?: string | { type: string }, licenses?: { type: string }[] }} */ (
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  );
  const license =
    (typeof pkg.license === 'string' ? pkg.license : pkg.license?.type) ??
    pkg.licenses?.map((l) => l.type).join(' OR ') ??
    'UNKNOWN';
  const licenseFile = readdirSync(dir).find((file) => LICENSE_FILES.test(file)) ?? '';
  const copyright = licenseFile
    ? (readFileSync(join(dir, licenseFile), 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .find((line) => COPYRIGHT_LINE.test(line)) ?? '')
    : '';
  return { license, licenseFile, copyright };
}

/**
 * @param {string} root
 * @returns {ModelRow[]}
 */
export function registryModels(root = PROJECT) {
  const dir = join(root, 'models', 'manifests');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const manifest =
        /** @type {{ id: string, title: string, version: string, license: string, bundled: boolean, source: { kind: string, repo?: string, revision?: string, package?: string, version?: string } }} */ (
          JSON.parse(readFileSync(join(dir, file), 'utf8'))
        );
      const { source } = manifest;
      return {
        id: manifest.id,
        title: manifest.title,
        version: manifest.version,
        license: manifest.license,
        bundled: manifest.bundled,
        source:
          source.kind === 'remote'
            ? `huggingface.co/${source.repo} @ ${source.revision?.slice(0, 12)}`
            : `npm ${source.package}@${source.version}`,
      };
    });
}

/**
 * Packages the build copies model weights from (dev dependencies, but their files ship).
 * @param {string} root
 * @returns {PackageRow[]}
 */
function weightPackages(root) {
  const seen = new Map();
  for (const file of readdirSync(join(root, 'models', 'manifests')).filter((f) => f.endsWith('.json'))) {
    const { source } = JSON.parse(readFileSync(join(root, 'models', 'manifests', file), 'utf8'));
    if (source.kind === 'npm') seen.set(source.package, source.version);
  }
  return [...seen].sort().map(([name, version]) => ({
    name,
    version,
    ...licenseOf(root, `node_modules/${name}`, name),
    why: 'model weights copied into the build',
  }));
}

const cell = (/** @type {string} */ text) => text.replace(/\|/g, '\\|');

/** The whole THIRD_PARTY.md text. */
export function renderThirdParty(root = PROJECT) {
  const packages = productionPackages(root)
    .map(({ name, version, path }) => ({ name, version, ...licenseOf(root, path, name) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const models = registryModels(root);
  return [
    '# Third-party software and models',
    '',
    'Generated by `node scripts/third-party.mjs` from package-lock.json, the installed packages and',
    '`models/manifests/`; `tests/unit/third-party.test.ts` fails when it is out of date.',
    '',
    '## Packages in the production dependency tree',
    '',
    'Everything `npm ci --omit=dev` installs. The build bundles the code the app imports from these',
    'and copies the runtime files of onnxruntime-web and @tensorflow/tfjs-backend-wasm; type-only',
    'packages (`@types/*`, `undici-types`) and Node-only fallbacks (`node-fetch` and its URL helpers)',
    'never reach the browser. "—": the package ships no licence file; its package.json names the licence.',
    '',
    '| package | version | licence | licence file | copyright |',
    '| --- | --- | --- | --- | --- |',
    ...packages.map(
      (p) =>
        `| ${cell(p.name)} | ${p.version} | ${cell(p.license)} | ${p.licenseFile || '—'} | ${cell(p.copyright) || '—'} |`,
    ),
    '',
    '## Packages whose files ship as model weights',
    '',
    '| package | version | licence | licence file | copyright |',
    '| --- | --- | --- | --- | --- |',
    ...weightPackages(root).map(
      (p) =>
        `| ${cell(p.name)} | ${p.version} | ${cell(p.license)} | ${p.licenseFile || '—'} | ${cell(p.copyright) || '—'} |`,
    ),
    '',
    '## Models in the registry',
    '',
    'Bundled models ship with the app; the others are downloaded on demand from the model host at the',
    'pinned revision. Each manifest carries the model card (intended use, limitations, training).',
    '',
    '| model | title | version | licence | source | bundled |',
    '| --- | --- | --- | --- | --- | --- |',
    ...models.map(
      (m) =>
        `| ${m.id} | ${cell(m.title)} | ${m.version} | ${cell(m.license)} | ${cell(m.source)} | ${m.bundled ? 'yes' : 'no'} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = join(PROJECT, THIRD_PARTY_FILE);
  const text = renderThirdParty();
  if (process.argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== text) {
      console.error(`${THIRD_PARTY_FILE} is out of date: run node scripts/third-party.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    console.log(`Wrote ${THIRD_PARTY_FILE}.`);
  }
}
