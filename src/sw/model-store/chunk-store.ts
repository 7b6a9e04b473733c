/**
 * Files as chunks in IndexedDB. Each chunk is written in the same transaction as the file's
 * progress record, so after any crash the record and the chunks agree.
 */
import { chunkRange, type ModelDatabase, type StoredFile } from '../../storage/model-db';
import { AppError } from '../../shared/errors';

/** Largest chunk written in one transaction (the brief's ceiling is 8 MB). */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** Turns a failed IndexedDB write into a typed error; a full disk gets its own code. */
export function storageError(error: unknown): AppError {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return new AppError(
      'model/quota-exceeded',
      'There is not enough storage space for this model. Free some space (delete other models or site data) and try again.',
    );
  }
  return new AppError('storage/failed', `The browser refused to store the model: ${String(error)}`);
}

export async function getFile(db: ModelDatabase, sha256: string): Promise<StoredFile | undefined> {
  return db.get('files', sha256);
}

/** Appends one chunk and moves the file record forward, atomically. */
export async function appendChunk(
  db: ModelDatabase,
  file: StoredFile,
  data: ArrayBuffer,
): Promise<StoredFile> {
  const next: StoredFile = {
    ...file,
    receivedBytes: file.receivedBytes + data.byteLength,
    chunkCount: file.chunkCount + 1,
    updatedAt: Date.now(),
  };
  try {
    const tx = db.transaction(['files', 'chunks'], 'readwrite');
    await Promise.all([
      tx.objectStore('chunks').put({ sha256: file.sha256, index: file.chunkCount, data }),
      tx.objectStore('files').put(next),
      tx.done,
    ]);
  } catch (error) {
    throw storageError(error);
  }
  return next;
}

/** Writes a file record alone (start of a download, or marking it complete). */
export async function putFile(db: ModelDatabase, file: StoredFile): Promise<void> {
  try {
    await db.put('files', file);
  } catch (error) {
    throw storageError(error);
  }
}

/** Removes a file and all its chunks in one transaction. */
export async function deleteFile(db: ModelDatabase, sha256: string): Promise<void> {
  const tx = db.transaction(['files', 'chunks'], 'readwrite');
  await Promise.all([
    tx.objectStore('chunks').delete(chunkRange(sha256)),
    tx.objectStore('files').delete(sha256),
    tx.done,
  ]);
}

/** Streams a complete file's chunks in order, one IndexedDB read per chunk. */
export function readFileStream(db: ModelDatabase, file: StoredFile): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index >= file.chunkCount) {
        controller.close();
        return;
      }
      const chunk = await db.get('chunks', [file.sha256, index]);
      if (!chunk) {
        controller.error(new AppError('storage/failed', `Chunk ${index} of a stored model file is missing.`));
        return;
      }
      index += 1;
      controller.enqueue(new Uint8Array(chunk.data));
    },
  });
}
