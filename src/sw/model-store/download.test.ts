import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openModelDb, type ModelDatabase } from '../../storage/model-db';
import { readFileStream } from './chunk-store';
import { downloadFile } from './download';
import { patternedFile, rejection } from './download.test-helpers';

const CHUNK = 1000;
const { body: BODY, file: FILE } = await patternedFile(5500, 31, 7, 251);

interface ServerOptions {
  body?: Uint8Array;
  status?: number;
  contentType?: string;
  ranges?: boolean;
  /** Error the stream after this many bytes of the body (a dropped connection). */
  dropAfter?: number;
}

/** A fake model host that logs the Range header of each request and the bytes it sent. */
function server(options: ServerOptions = {}) {
  const log: { range: string | null; sent: number }[] = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    if (init?.signal?.aborted) throw init.signal.reason;
    const body = options.body ?? BODY;
    const range = new Headers(init?.headers).get('Range');
    const start = range && options.ranges !== false ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
    const slice = body.subarray(start);
    const entry = { range, sent: 0 };
    log.push(entry);
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const limit =
          options.dropAfter === undefined ? slice.byteLength : Math.min(slice.byteLength, options.dropAfter);
        if (offset >= limit) {
          if (options.dropAfter !== undefined && offset < slice.byteLength)
            controller.error(new TypeError('network error'));
          else controller.close();
          return;
        }
        const part = slice.subarray(offset, Math.min(offset + 300, limit));
        offset += part.byteLength;
        entry.sent += part.byteLength;
        controller.enqueue(part);
      },
    });
    const partial = start > 0;
    return new Response(stream, {
      status: options.status ?? (partial ? 206 : 200),
      headers: {
        'Content-Type': options.contentType ?? 'application/octet-stream',
        ...(partial ? { 'Content-Range': `bytes ${start}-${body.byteLength - 1}/${body.byteLength}` } : {}),
      },
    });
  }) as typeof fetch;
  return { fetch: fetchImpl, log };
}

async function readAll(db: ModelDatabase): Promise<Uint8Array> {
  const file = await db.get('files', FILE.sha256);
  return new Uint8Array(await new Response(readFileStream(db, file!)).arrayBuffer());
}

let db: ModelDatabase;
let dbCount = 0;
beforeEach(async () => {
  dbCount += 1;
  db = await openModelDb(`test-${dbCount}`);
});

describe('downloadFile', () => {
  it('stores a file in chunks and verifies it', async () => {
    const host = server();
    const progress: number[] = [];
    await downloadFile({
      db,
      file: FILE,
      fetch: host.fetch,
      chunkBytes: CHUNK,
      onProgress: (n) => progress.push(n),
    });
    const record = await db.get('files', FILE.sha256);
    expect(record).toMatchObject({ complete: true, receivedBytes: 5500, chunkCount: 6 });
    expect(record!.hashState).toBeUndefined();
    expect(await readAll(db)).toEqual(BODY);
    expect(progress.at(-1)).toBe(5500);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('does not download a stored file again', async () => {
    const host = server();
    await downloadFile({ db, file: FILE, fetch: host.fetch, chunkBytes: CHUNK });
    await downloadFile({ db, file: FILE, fetch: host.fetch, chunkBytes: CHUNK });
    expect(host.log).toHaveLength(1);
  });

  it('keeps what arrived when the connection drops, then asks only for the rest', async () => {
    const dropped = server({ dropAfter: 2750 });
    const error = await rejection(downloadFile({ db, file: FILE, fetch: dropped.fetch, chunkBytes: CHUNK }));
    expect(error.code).toBe('model/network');
    const partial = await db.get('files', FILE.sha256);
    expect(partial).toMatchObject({ complete: false, receivedBytes: 2750 });

    const host = server();
    const result = await downloadFile({ db, file: FILE, fetch: host.fetch, chunkBytes: CHUNK });
    expect(result).toEqual({ resumedFrom: 2750, restarted: false });
    expect(host.log).toEqual([{ range: 'bytes=2750-', sent: 2750 }]);
    expect(await readAll(db)).toEqual(BODY);
  });

  it('starts over when the server ignores Range', async () => {
    await rejection(
      downloadFile({ db, file: FILE, fetch: server({ dropAfter: 2000 }).fetch, chunkBytes: CHUNK }),
    );
    const host = server({ ranges: false });
    const result = await downloadFile({ db, file: FILE, fetch: host.fetch, chunkBytes: CHUNK });
    expect(result.restarted).toBe(true);
    expect(host.log[0]!.sent).toBe(5500);
    expect(await readAll(db)).toEqual(BODY);
  });

  it.each([
    ['one flipped byte', { body: BODY.map((b, i) => (i === 4000 ? b ^ 1 : b)) }, 'model/hash-mismatch'],
    ['a body shorter than the registry says', { body: BODY.subarray(0, 5000) }, 'model/size-mismatch'],
    ['a body longer than the registry says', { body: new Uint8Array(6000) }, 'model/size-mismatch'],
    ['an HTML page with status 200', { contentType: 'text/html; charset=utf-8' }, 'model/not-a-model'],
    ['a 404', { status: 404 }, 'model/http-error'],
  ] as const)('rejects %s and stores nothing', async (_name, options, code) => {
    const error = await rejection(
      downloadFile({ db, file: FILE, fetch: server(options).fetch, chunkBytes: CHUNK }),
    );
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(30);
    expect(await db.count('files')).toBe(0);
    expect(await db.count('chunks')).toBe(0);
    // Once the host is fixed, a retry succeeds.
    await downloadFile({ db, file: FILE, fetch: server().fetch, chunkBytes: CHUNK });
    expect(await readAll(db)).toEqual(BODY);
  });

  it('turns a full disk into a clear quota error and leaves no partial file', async () => {
    const original = db.transaction.bind(db);
    let writes = 0;
    (db as { transaction: unknown }).transaction = ((stores: never, mode: never) => {
      if (
        mode === 'readwrite' &&
        Array.isArray(stores) &&
        (stores as string[]).includes('chunks') &&
        ++writes === 3
      ) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return original(stores, mode);
    }) as never;
    try {
      const error = await rejection(
        downloadFile({ db, file: FILE, fetch: server().fetch, chunkBytes: CHUNK }),
      );
      expect(error.code).toBe('model/quota-exceeded');
      expect(error.message).toMatch(/not enough storage space/i);
    } finally {
      (db as { transaction: unknown }).transaction = original;
    }
    expect(writes).toBeGreaterThanOrEqual(3); // the third chunk write hit the full disk
    expect(await db.count('files')).toBe(0);
    expect(await db.count('chunks')).toBe(0);
  });

  it('stops on abort and lets the next call finish the file', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('Cancelled', 'AbortError'));
    await expect(
      downloadFile({ db, file: FILE, fetch: server().fetch, signal: controller.signal }),
    ).rejects.toThrow();
    await downloadFile({ db, file: FILE, fetch: server().fetch, chunkBytes: CHUNK });
    expect(await readAll(db)).toEqual(BODY);
  });
});
