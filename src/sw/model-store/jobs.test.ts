import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ModelManifest, Registry } from '../../shared/model-registry';
import { openModelDb, type ModelDatabase } from '../../storage/model-db';
import { ModelJobs } from './jobs';

const sha = (c: string) => c.repeat(64);

function model(id: string, files: string[]): ModelManifest {
  return {
    id,
    title: id,
    task: 'translation',
    engine: 'onnx',
    version: '1.0.0',
    license: 'MIT',
    source: { kind: 'remote', repo: 'a/b', revision: '0'.repeat(40) },
    bundled: false,
    defaultVariant: 'int8',
    variants: [
      {
        id: 'int8',
        quantization: 'test',
        files: files.map((f) => ({
          path: f,
          url: `https://huggingface.co/a/b/resolve/x/${f}`,
          bytes: 1,
          sha256: sha(f),
        })),
      },
    ],
    io: {
      inputs: [{ name: 'x', dtype: 'float32', shape: [1] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [1] }],
    },
    card: { intendedUse: 'test', limitations: 'test', training: 'test', metrics: [] },
  };
}

async function storeFile(db: ModelDatabase, key: string): Promise<void> {
  await db.put('files', {
    sha256: sha(key),
    bytes: 1,
    receivedBytes: 1,
    chunkCount: 1,
    complete: true,
    url: key,
    updatedAt: 0,
  });
  await db.put('chunks', { sha256: sha(key), index: 0, data: new ArrayBuffer(1) });
}

describe('ModelJobs.collectGarbage', () => {
  it('keeps files of installed models and of paused downloads, and deletes the rest with their chunks', async () => {
    const db = await openModelDb('gc-test');
    const registry: Registry = { version: 'x', models: [model('installed', ['a']), model('paused', ['b'])] };
    for (const key of ['a', 'b', 'c']) await storeFile(db, key);
    await db.put('installed', {
      id: 'installed',
      version: '1.0.0',
      variant: 'int8',
      files: [{ path: 'a', sha256: sha('a'), bytes: 1 }],
      installedAt: 0,
    });
    await db.put('jobs', { modelId: 'paused', variant: 'int8', requestedAt: 0 });

    const jobs = new ModelJobs({
      db: () => openModelDb('gc-test'),
      host: async () => 'https://huggingface.co',
      origin: 'http://localhost',
      registry: async () => registry,
      broadcast: () => undefined,
    });
    expect(await jobs.collectGarbage()).toBe(1);
    expect((await db.getAllKeys('files')).sort()).toEqual([sha('a'), sha('b')]);
    expect((await db.getAll('chunks')).map((c) => c.sha256).sort()).toEqual([sha('a'), sha('b')]);
  });

  it('reopens the database when the browser closed its connection (site data cleared, another tab upgrading)', async () => {
    const name = 'gc-reopen-test';
    const registry: Registry = { version: 'x', models: [] };
    const jobs = new ModelJobs({
      db: () => openModelDb(name),
      host: async () => 'https://huggingface.co',
      origin: 'http://localhost',
      registry: async () => registry,
      broadcast: () => undefined,
    });
    const first = await openModelDb(name);
    await storeFile(first, 'a');
    // Deleting the database asks every connection to close; the store lets go at once.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(() => first.transaction('files')).toThrow();
    const second = await openModelDb(name);
    await storeFile(second, 'b');
    expect(await jobs.collectGarbage()).toBe(1);
    expect(await second.getAllKeys('files')).toEqual([]);
  });
});
