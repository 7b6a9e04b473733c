/**
 * The model registry: what a model is, where its files come from, and how a manifest is
 * checked. Pure data and functions, shared by the build (Node), the service worker and the page.
 *
 * A registry is built from one JSON manifest per model in models/manifests/. Bundled models
 * are staged from npm packages at build time, with sizes and SHA-256 computed then; remote
 * models carry pinned sizes and hashes and are fetched on demand through the service worker.
 */

export const ENGINES = ['tfjs', 'onnx'] as const;
export type Engine = (typeof ENGINES)[number];

/** Weight precision of a variant. `uint8`/`int8` are weight-only; activations stay float. */
export const PRECISIONS = ['fp32', 'fp16', 'uint8', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const TASKS = [
  'face-detection',
  'face-landmarks',
  'pose-estimation',
  'voice-activity',
  'speech-recognition',
  'translation',
] as const;
export type Task = (typeof TASKS)[number];

/** One file of a variant. `url` is absolute for remote files, a same-origin path for bundled ones. */
export interface ModelFile {
  readonly path: string;
  readonly url: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ModelVariant {
  readonly id: Precision;
  /** How the weights were quantized, in words (e.g. "float16 weights via tfjs quantization"). */
  readonly quantization: string;
  readonly files: readonly ModelFile[];
}

export type ModelSource =
  | { readonly kind: 'npm'; readonly package: string; readonly version: string }
  | { readonly kind: 'remote'; readonly repo: string; readonly revision: string };

export interface TensorSpec {
  readonly name: string;
  readonly dtype: string;
  /** -1 for a dynamic dimension. */
  readonly shape: readonly number[];
}

export interface ModelMetric {
  readonly name: string;
  readonly value: string;
  readonly note?: string;
}

export interface ModelCard {
  readonly intendedUse: string;
  readonly limitations: string;
  /** What it was trained on, as its publishers describe it. */
  readonly training: string;
  /** Metrics we measured ourselves (empty until measured). */
  readonly metrics: readonly ModelMetric[];
}

export interface ModelManifest {
  readonly id: string;
  readonly title: string;
  readonly task: Task;
  readonly engine: Engine;
  /** Semver of this model entry; bumping it makes clients fetch changed files. */
  readonly version: string;
  readonly license: string;
  readonly source: ModelSource;
  /** Bundled models are staged into the build and listed as downloadable from the app's origin. */
  readonly bundled: boolean;
  readonly defaultVariant: Precision;
  readonly variants: readonly ModelVariant[];
  readonly io: { readonly inputs: readonly TensorSpec[]; readonly outputs: readonly TensorSpec[] };
  readonly card: ModelCard;
}

export interface Registry {
  /** Content hash of the models below: changes whenever any model or file changes. */
  readonly version: string;
  readonly models: readonly ModelManifest[];
}

/** A manifest that breaks the schema; `field` names the place, e.g. `variants[0].files[2].sha256`. */
export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${source}: ${field}: ${problem}`);
    this.name = 'ManifestError';
  }
}

const ID = /^[a-z0-9][a-z0-9.-]*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const SHA256 = /^[0-9a-f]{64}$/;
const REVISION = /^[0-9a-f]{40}$/;
const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]+$/;

type Json = Record<string, unknown>;

/** Reads fields out of untyped JSON, failing with the exact field path. */
class Reader {
  constructor(
    private readonly source: string,
    private readonly value: Json,
    private readonly path: string,
  ) {}

  private at(key: string | number): string {
    return typeof key === 'number' ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string | number, problem: string): never {
    throw new ManifestError(this.source, this.at(key), problem);
  }

  string(key: string, pattern?: RegExp, hint?: string): string {
    const value = this.value[key];
    if (typeof value !== 'string' || value.trim() === '') this.fail(key, 'expected a non-empty string');
    if (pattern && !pattern.test(value)) this.fail(key, hint ?? `does not match ${pattern}`);
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.value[key] === undefined ? undefined : this.string(key);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.value[key];
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(key, `expected one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
    }
    return value as T;
  }

  integer(key: string, min = 0): number {
    const value = this.value[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.fail(key, `expected an integer ≥ ${min}; got ${JSON.stringify(value)}`);
    }
    return value;
  }

  boolean(key: string): boolean {
    const value = this.value[key];
    if (typeof value !== 'boolean') this.fail(key, 'expected true or false');
    return value;
  }

  object(key: string): Reader {
    const value = this.value[key];
    if (!value || typeof value !== 'object' || Array.isArray(value)) this.fail(key, 'expected an object');
    return new Reader(this.source, value as Json, this.at(key));
  }

  array<T>(key: string, read: (item: Reader, index: number) => T, { minLength = 0 } = {}): T[] {
    const value = this.value[key];
    if (!Array.isArray(value)) this.fail(key, 'expected an array');
    if (value.length < minLength) this.fail(key, `expected at least ${minLength} item(s)`);
    const list = new Reader(this.source, value as unknown as Json, this.at(key));
    return value.map((item: unknown, index) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) list.fail(index, 'expected an object');
      return read(new Reader(this.source, item as Json, list.at(index)), index);
    });
  }

  numbers(key: string): number[] {
    const value = this.value[key];
    if (!Array.isArray(value) || !value.every((n) => Number.isInteger(n) && n >= -1)) {
      this.fail(key, 'expected an array of integers (-1 for a dynamic dimension)');
    }
    return value as number[];
  }
}

function readFile(file: Reader): ModelFile {
  return {
    path: file.string('path', SAFE_PATH, 'expected a relative path without ".."'),
    url: file.string('url', /^(https:\/\/[^/\s]+\/|\/)\S+$/, 'expected an https:// URL or an absolute path'),
    bytes: file.integer('bytes', 1),
    sha256: file.string('sha256', SHA256, 'expected 64 lowercase hex characters'),
  };
}

function readSource(source: Reader): ModelSource {
  const kind = source.oneOf('kind', ['npm', 'remote'] as const);
  if (kind === 'npm') {
    return {
      kind,
      package: source.string('package'),
      version: source.string('version', SEMVER, 'expected x.y.z'),
    };
  }
  return {
    kind,
    repo: source.string('repo', /^[\w.-]+\/[\w.-]+$/, 'expected owner/name'),
    revision: source.string('revision', REVISION, 'expected a pinned 40-character commit hash'),
  };
}

function readTensor(tensor: Reader): TensorSpec {
  return { name: tensor.string('name'), dtype: tensor.string('dtype'), shape: tensor.numbers('shape') };
}

/**
 * Checks one complete manifest (as it stands in the built registry) and returns it typed.
 * @throws ManifestError naming the field at fault.
 */
export function validateManifest(value: unknown, source: string): ModelManifest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ManifestError(source, '(root)', 'expected a JSON object');
  }
  const root = new Reader(source, value as Json, '');
  const manifest: ModelManifest = {
    id: root.string('id', ID, 'expected lowercase letters, digits, dots and dashes'),
    title: root.string('title'),
    task: root.oneOf('task', TASKS),
    engine: root.oneOf('engine', ENGINES),
    version: root.string('version', SEMVER, 'expected x.y.z'),
    license: root.string('license'),
    source: readSource(root.object('source')),
    bundled: root.boolean('bundled'),
    defaultVariant: root.oneOf('defaultVariant', PRECISIONS),
    variants: root.array(
      'variants',
      (variant) => ({
        id: variant.oneOf('id', PRECISIONS),
        quantization: variant.string('quantization'),
        files: variant.array('files', readFile, { minLength: 1 }),
      }),
      { minLength: 1 },
    ),
    io: (() => {
      const io = root.object('io');
      return {
        inputs: io.array('inputs', readTensor, { minLength: 1 }),
        outputs: io.array('outputs', readTensor, { minLength: 1 }),
      };
    })(),
    card: (() => {
      const card = root.object('card');
      return {
        intendedUse: card.string('intendedUse'),
        limitations: card.string('limitations'),
        training: card.string('training'),
        metrics: card.array('metrics', (metric) => {
          const note = metric.optionalString('note');
          return { name: metric.string('name'), value: metric.string('value'), ...(note ? { note } : {}) };
        }),
      };
    })(),
  };

  const ids = manifest.variants.map((variant) => variant.id);
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) root.fail('variants', `variant "${id}" is listed twice`);
  });
  if (!ids.includes(manifest.defaultVariant)) {
    root.fail(
      'defaultVariant',
      `"${manifest.defaultVariant}" is not one of the variants (${ids.join(', ')})`,
    );
  }
  if ((manifest.source.kind === 'npm') !== manifest.bundled) {
    root.fail('bundled', 'bundled models come from npm packages, and only they');
  }
  manifest.variants.forEach((variant, v) => {
    variant.files.forEach((file, f) => {
      const remote = file.url.startsWith('https://');
      if (remote === manifest.bundled) {
        throw new ManifestError(
          source,
          `variants[${v}].files[${f}].url`,
          manifest.bundled
            ? 'a bundled file must be served from the app (a path starting with /)'
            : 'a remote file needs an https:// URL',
        );
      }
    });
  });
  return manifest;
}

/** Checks a whole registry: every manifest, and that ids are unique. */
export function validateRegistry(value: unknown, source = 'registry.json'): Registry {
  if (!value || typeof value !== 'object')
    throw new ManifestError(source, '(root)', 'expected a JSON object');
  const root = new Reader(source, value as Json, '');
  const version = root.string('version');
  const models = root.array('models', (_item, index) =>
    validateManifest((value as { models: unknown[] }).models[index], `${source} models[${index}]`),
  );
  const seen = new Set<string>();
  for (const model of models) {
    if (seen.has(model.id)) throw new ManifestError(source, 'models', `model id "${model.id}" is used twice`);
    seen.add(model.id);
  }
  return { version, models };
}

/** Total bytes of one variant: what a user downloads for it. */
export function variantBytes(variant: ModelVariant): number {
  return variant.files.reduce((sum, file) => sum + file.bytes, 0);
}

/** The variant a model runs by default. */
export function defaultVariantOf(model: ModelManifest): ModelVariant {
  return model.variants.find((variant) => variant.id === model.defaultVariant)!;
}
