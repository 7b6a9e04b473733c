/**
 * Downloads one model file into the chunk store, hashing as it goes, and commits it only
 * when its size and SHA-256 match the registry.
 *
 *   start ──▶ (partial on disk? ask for the rest with Range) ──▶ receive chunks ──▶ verify ──▶ complete
 *                      │ server ignores Range: start over          │ network drop: keep what arrived, resume later
 *                      ▼                                           ▼ bad status, HTML, too short/long, bad hash: delete, typed error
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { AppError } from '../../shared/errors';
import {
  hashMismatchError,
  httpError,
  oversizeError,
  sizeMismatchError,
  type ExpectedFile,
} from '../../shared/model-integrity';
import type { ModelDatabase, StoredFile } from '../../storage/model-db';
import { CHUNK_BYTES, appendChunk, deleteFile, getFile, putFile, storageError } from './chunk-store';

/** How often progress is reported while bytes arrive. */
const PROGRESS_INTERVAL_MS = 100;

/** A file to fetch: where from, and the size and SHA-256 it must have. */
export type FileToFetch = ExpectedFile;

export interface DownloadOptions {
  db: ModelDatabase;
  file: FileToFetch;
  signal?: AbortSignal;
  /** Called as bytes arrive (at most every PROGRESS_INTERVAL_MS) with the bytes received so far. */
  onProgress?: (receivedBytes: number) => void;
  fetch?: typeof fetch;
  chunkBytes?: number;
}

/** What a download did, for progress displays and the tests that count bytes. */
export interface DownloadResult {
  /** Bytes that were already on disk when this call started (0 on a fresh start). */
  resumedFrom: number;
  /** True when a partial file had to be thrown away because the server ignored Range. */
  restarted: boolean;
}

async function startHasher(partial: StoredFile | undefined): Promise<IHasher> {
  const hasher = await createSHA256();
  if (partial?.hashState && partial.receivedBytes > 0) hasher.load(partial.hashState);
  return hasher;
}

function freshRecord(file: FileToFetch): StoredFile {
  return {
    sha256: file.sha256,
    bytes: file.bytes,
    receivedBytes: 0,
    chunkCount: 0,
    complete: false,
    url: file.url,
    updatedAt: Date.now(),
  };
}

/** Rejects responses that cannot be the model file, before a byte is stored. */
function checkResponse(response: Response, file: FileToFetch): void {
  if (!response.ok) throw httpError(file, response.status, response.statusText);
  const type = response.headers.get('Content-Type') ?? '';
  if (/^text\/html/i.test(type)) {
    throw new AppError(
      'model/not-a-model',
      `The model host sent a web page instead of the model file (${file.url}). A login page or a wrong mirror address causes this; check the model host in Settings.`,
    );
  }
}

/** Parses the start offset of a `Content-Range: bytes a-b/n` header. */
function rangeStart(response: Response): number | null {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers.get('Content-Range') ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * Makes sure the file is stored and verified, downloading only what is missing.
 * @throws AppError (typed) for anything wrong with the response; AbortError when cancelled.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { db, file, signal, onProgress } = options;
  const doFetch = options.fetch ?? fetch;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;

  let record = await getFile(db, file.sha256);
  if (record?.complete) return { resumedFrom: record.bytes, restarted: false };
  if (record && (record.bytes !== file.bytes || !record.hashState)) {
    await deleteFile(db, file.sha256);
    record = undefined;
  }
  const resumedFrom = record?.receivedBytes ?? 0;
  let restarted = false;
  let hasher = await startHasher(record);
  record ??= freshRecord(file);
  if (resumedFrom === 0) await putFile(db, record);

  const headers = new Headers();
  if (resumedFrom > 0) headers.set('Range', `bytes=${resumedFrom}-`);
  let response: Response;
  try {
    response = await doFetch(file.url, {
      headers,
      signal,
      cache: 'no-store',
      credentials: 'omit',
      mode: 'cors',
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (globalThis.navigator?.onLine === false) {
      throw new AppError(
        'model/offline',
        `This model is not stored on this device yet, and the device is offline. Connect to download it (${file.url}).`,
      );
    }
    throw new AppError(
      'model/network',
      `Could not reach the model host for ${file.url}: this device may be offline. Connect, then retry; the download resumes where it stopped.`,
      {
        cause: String(error),
      },
    );
  }

  try {
    checkResponse(response, file);
  } catch (error) {
    // Nothing from this response is stored; a partial file from before stays for a later resume.
    await response.body?.cancel().catch(() => undefined);
    if (resumedFrom === 0) await deleteFile(db, file.sha256);
    throw error;
  }

  if (resumedFrom > 0 && (response.status !== 206 || rangeStart(response) !== resumedFrom)) {
    // The server sent the whole file (no Range support): start again from byte 0.
    restarted = true;
    await deleteFile(db, file.sha256);
    record = freshRecord(file);
    await putFile(db, record);
    hasher = await startHasher(undefined);
  }

  const fail = async (error: AppError): Promise<never> => {
    await deleteFile(db, file.sha256).catch(() => undefined);
    throw error;
  };

  // A full disk leaves nothing half-stored: the partial file goes, the error says why.
  const dropOnStorageError = async (error: unknown): Promise<never> => {
    await reader.cancel().catch(() => undefined);
    return fail(error instanceof AppError ? error : storageError(error));
  };
  const reader = response.body!.getReader();
  // Bytes are gathered into one chunk-sized buffer and stored each time it fills.
  const buffer = new Uint8Array(Math.min(chunkBytes, file.bytes));
  let filled = 0;
  let lastReport = performance.now();
  const flush = async () => {
    if (filled === 0) return;
    const data = buffer.slice(0, filled);
    filled = 0;
    hasher.update(data);
    record = await appendChunk(db, { ...record!, hashState: hasher.save() }, data.buffer);
    onProgress?.(record.receivedBytes);
  };

  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (error) {
      // The connection dropped mid-body: keep every byte that arrived, so a retry asks only for the rest.
      await flush().catch(() => undefined);
      if (signal?.aborted) throw signal.reason;
      throw new AppError(
        'model/network',
        `The download of ${file.url} was interrupted after ${record!.receivedBytes} of ${file.bytes} bytes. It resumes from there when you retry.`,
        { receivedBytes: record!.receivedBytes, cause: String(error) },
      );
    }
    if (step.done) break;
    if (record!.receivedBytes + filled + step.value.byteLength > file.bytes) {
      await reader.cancel().catch(() => undefined);
      return fail(oversizeError(file));
    }
    let part = step.value;
    while (part.byteLength > 0) {
      const take = Math.min(part.byteLength, buffer.byteLength - filled);
      buffer.set(part.subarray(0, take), filled);
      filled += take;
      part = part.subarray(take);
      if (filled === buffer.byteLength) await flush().catch(dropOnStorageError);
    }
    if (onProgress && performance.now() - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = performance.now();
      onProgress(record!.receivedBytes + filled);
    }
  }
  await flush().catch(dropOnStorageError);

  if (record!.receivedBytes !== file.bytes) {
    return fail(sizeMismatchError(file, record!.receivedBytes));
  }
  const digest = hasher.digest('hex');
  if (digest !== file.sha256) {
    return fail(hashMismatchError(file, digest));
  }
  const { hashState: _done, ...complete } = record!;
  await putFile(db, { ...complete, complete: true, updatedAt: Date.now() });
  return { resumedFrom, restarted };
}

const inflight = new Map<string, Promise<DownloadResult>>();

/**
 * downloadFile, but one writer per file: a second caller for the same SHA-256 joins the
 * download already running instead of writing the same chunks twice.
 */
export function downloadOnce(options: DownloadOptions): Promise<DownloadResult> {
  const key = options.file.sha256;
  const running = inflight.get(key);
  if (running) return running;
  const started = downloadFile(options).finally(() => inflight.delete(key));
  inflight.set(key, started);
  return started;
}

/** SHA-256 of every file being downloaded right now, which garbage collection must keep. */
export function downloadsInFlight(): string[] {
  return [...inflight.keys()];
}
