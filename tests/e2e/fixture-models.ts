/**
 * A remote model for the model-store tests, made here: deterministic bytes in the same
 * layout as the real remote models, plus its manifest. Version 1.1.0 changes one file and
 * keeps the other, so a version bump must fetch exactly one file again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const FIXTURE_ID = 'fixture-remote';
export const FIXTURE_REPO = 'offgrid-fixtures/tiny-remote';
export const FIXTURE_MODEL_BYTES = 6_000_000;

interface FixtureVersion {
  version: string;
  revision: string;
  seed: number;
}

export const FIXTURE_V1: FixtureVersion = { version: '1.0.0', revision: '1'.repeat(40), seed: 1 };
export const FIXTURE_V2: FixtureVersion = { version: '1.1.0', revision: '2'.repeat(40), seed: 2 };

/** xorshift32 bytes: the same seed always gives the same file. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed * 2654435761;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const CONFIG = Buffer.from(
  `${JSON.stringify({ model_type: 'fixture', d_model: 8, vocab_size: 16 }, null, 2)}\n`,
);

/** Writes both versions' files under hostRoot and one manifest per version into manifestDirs. */
export function writeFixtureModels(hostRoot: string, manifestDirs: { v1: string; v2: string }): void {
  for (const [fixture, dir] of [
    [FIXTURE_V1, manifestDirs.v1],
    [FIXTURE_V2, manifestDirs.v2],
  ] as const) {
    const files = [
      { path: 'onnx/model_quantized.onnx', data: pseudoRandomBytes(FIXTURE_MODEL_BYTES, fixture.seed) },
      { path: 'config.json', data: CONFIG },
    ];
    for (const file of files) {
      const target = join(hostRoot, FIXTURE_REPO, 'resolve', fixture.revision, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.data);
    }
    const manifest = {
      id: FIXTURE_ID,
      title: 'Test fixture model',
      task: 'translation',
      engine: 'onnx',
      version: fixture.version,
      license: 'CC0-1.0',
      source: { kind: 'remote', repo: FIXTURE_REPO, revision: fixture.revision },
      bundled: false,
      defaultVariant: 'int8',
      variants: [
        {
          id: 'int8',
          quantization: 'deterministic test bytes',
          files: files.map((file) => ({
            path: file.path,
            url: `https://huggingface.co/${FIXTURE_REPO}/resolve/${fixture.revision}/${file.path}`,
            bytes: file.data.byteLength,
            sha256: createHash('sha256').update(file.data).digest('hex'),
          })),
        },
      ],
      io: {
        inputs: [{ name: 'input_ids', dtype: 'int64', shape: [-1, -1] }],
        outputs: [{ name: 'logits', dtype: 'float32', shape: [-1, -1, 16] }],
      },
      card: {
        intendedUse: 'End-to-end tests of the model store only.',
        limitations: 'Random bytes; not a working model.',
        training: 'Not trained.',
        metrics: [],
      },
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${FIXTURE_ID}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}
