import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { openModelDb, type ModelDatabase, type StoredFile } from '../../storage/model-db';
import { appendChunk, deleteFile, getFile, putFile, readFileStream, storageError } from './chunk-store';

const record = (sha256: string, changes: Partial<StoredFile> = {}): StoredFile => ({
  sha256,
  bytes: 6,
  receivedBytes: 0,
  chunkCount: 0,
  complete: false,
  url: `https://models.test/${sha256}.bin`,
  updatedAt: 0,
  ...changes,
});

const bytes = (...values: number[]) => Uint8Array.from(values).buffer;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  return Array.from(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** Makes every write of `db` fail with `error` until the returned function is called. */
function failWrites(db: ModelDatabase, error: unknown): () => void {
  const transaction = db.transaction.bind(db);
  const put = db.put.bind(db);
  (db as { transaction: unknown }).transaction = () => {
    throw error;
  };
  (db as { put: unknown }).put = () => Promise.reject(error);
  return () => {
    (db as { transaction: unknown }).transaction = transaction;
    (db as { put: unknown }).put = put;
  };
}

let db: ModelDatabase;
let dbCount = 0;
beforeEach(async () => {
  dbCount += 1;
  db = await openModelDb(`chunk-store-${dbCount}`);
});

describe('storageError', () => {
  it('gives a full disk its own code and a message that says what to do', () => {
    const error = storageError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('model/quota-exceeded');
    expect(error.message).toBe(
      'There is not enough storage space for this model. Free some space (delete other models or site data) and try again.',
    );
  });

  it('names any other failure', () => {
    const dom = storageError(new DOMException('Disk on fire', 'UnknownError'));
    expect(dom.code).toBe('storage/failed');
    expect(dom.message).toBe('The browser refused to store the model: UnknownError: Disk on fire');
    const plain = storageError(new Error('boom'));
    expect(plain.code).toBe('storage/failed');
    expect(plain.message).toBe('The browser refused to store the model: Error: boom');
  });

  it('trusts only a DOMException to say the disk is full', () => {
    const lookalike = { name: 'QuotaExceededError', toString: () => 'QuotaExceededError' };
    expect(storageError(lookalike).code).toBe('storage/failed');
  });
});

describe('chunk store', () => {
  it('appends chunks in order and moves the file record with them', async () => {
    vi.useFakeTimers({ now: 1_000, toFake: ['Date'] });
    try {
      await putFile(db, record('a'));
      const first = await appendChunk(db, record('a'), bytes(1, 2, 3, 4));
      expect(first).toMatchObject({ receivedBytes: 4, chunkCount: 1, updatedAt: 1_000 });
      vi.setSystemTime(2_000);
      const second = await appendChunk(db, first, bytes(5, 6));
      expect(second).toEqual({ ...record('a'), receivedBytes: 6, chunkCount: 2, updatedAt: 2_000 });
    } finally {
      vi.useRealTimers();
    }
    expect(await getFile(db, 'a')).toEqual(await db.get('files', 'a'));
    expect((await getFile(db, 'a'))?.receivedBytes).toBe(6);
    expect(await db.get('chunks', ['a', 0])).toMatchObject({ sha256: 'a', index: 0 });
    expect(Array.from(new Uint8Array((await db.get('chunks', ['a', 1]))!.data))).toEqual([5, 6]);
    expect(await readAll(readFileStream(db, (await getFile(db, 'a'))!))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('returns nothing for a file it does not hold', async () => {
    expect(await getFile(db, 'missing')).toBeUndefined();
  });

  it('deletes one file with all its chunks, and only that file', async () => {
    let a = record('a');
    let b = record('b');
    for (const data of [bytes(1), bytes(2), bytes(3)]) {
      a = await appendChunk(db, a, data);
      b = await appendChunk(db, b, data);
    }
    await deleteFile(db, 'a');
    expect(await getFile(db, 'a')).toBeUndefined();
    expect(await db.count('chunks')).toBe(3);
    expect(await readAll(readFileStream(db, b))).toEqual([1, 2, 3]);
  });

  it('streams an empty file as an empty stream', async () => {
    expect(await readAll(readFileStream(db, record('empty')))).toEqual([]);
  });

  it('fails the stream, naming the chunk, when a chunk is missing', async () => {
    let a = record('a');
    for (const data of [bytes(1), bytes(2), bytes(3)]) a = await appendChunk(db, a, data);
    await db.delete('chunks', ['a', 1]);
    const reader = readFileStream(db, a).getReader();
    expect(Array.from((await reader.read()).value!)).toEqual([1]);
    const error = await reader.read().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('storage/failed');
    expect((error as AppError).message).toBe('Chunk 1 of a stored model file is missing.');
  });

  it('turns a failed chunk write or record write into a typed error', async () => {
    const restore = failWrites(db, new DOMException('full', 'QuotaExceededError'));
    try {
      await expect(appendChunk(db, record('a'), bytes(1))).rejects.toMatchObject({
        code: 'model/quota-exceeded',
      });
      await expect(putFile(db, record('a'))).rejects.toMatchObject({ code: 'model/quota-exceeded' });
    } finally {
      restore();
    }
    const other = failWrites(db, new Error('no'));
    try {
      await expect(putFile(db, record('a'))).rejects.toMatchObject({ code: 'storage/failed' });
    } finally {
      other();
    }
    expect(await db.count('files')).toBe(0);
    expect(await db.count('chunks')).toBe(0);
  });
});
