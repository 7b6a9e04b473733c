import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openModelDb, type ModelDatabase } from '../../storage/model-db';
import { downloadFile, downloadOnce, downloadsInFlight } from './download';
import { patternedFile, rejection } from './download.test-helpers';

const { body: BODY, file: FILE } = await patternedFile(2500, 13, 5, 256);

interface Reply {
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Bytes per enqueued part. */
  partBytes?: number;
}

/** A host that answers each request with the next reply and records what was asked. */
function host(...replies: Reply[]) {
  const requests: { url: string; init: RequestInit; range: string | null }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    requests.push({ url, init, range: new Headers(init.headers).get('Range') });
    const reply = replies[Math.min(requests.length, replies.length) - 1] ?? {};
    const body = reply.body ?? BODY;
    const partBytes = reply.partBytes ?? 700;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= body.byteLength) return controller.close();
        controller.enqueue(body.slice(offset, offset + partBytes));
        offset += partBytes;
      },
    });
    return new Response(stream, {
      status: reply.status ?? 200,
      statusText: reply.statusText ?? '',
      headers: { 'Content-Type': 'application/octet-stream', ...reply.headers },
    });
  }) as typeof fetch;
  return { fetch: fetchImpl, requests };
}

/** Stores the first `n` bytes as a partial download by dropping the connection after them. */
async function partial(n: number): Promise<void> {
  const dropping = (async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new TypeError('network error'));
        sent = true;
        controller.enqueue(BODY.slice(0, n));
      },
    });
    return new Response(stream, { headers: { 'Content-Type': 'application/octet-stream' } });
  }) as typeof fetch;
  await rejection(downloadFile({ db, file: FILE, fetch: dropping, chunkBytes: 1000 }));
  expect(await db.get('files', FILE.sha256)).toMatchObject({ receivedBytes: n, complete: false });
}

/** Stores the first 1000 bytes, then downloads the file again from a host that answers `reply`. */
async function resumedFrom1000(reply: Reply) {
  await partial(1000);
  const h = host(reply);
  return { h, result: await downloadFile({ db, file: FILE, fetch: h.fetch, chunkBytes: 1000 }) };
}

/** A 206 reply with the file's bytes from 1000 on, under `contentRange`. */
const rest = (contentRange: string): Reply => ({
  status: 206,
  headers: { 'Content-Range': contentRange },
  body: BODY.slice(1000),
});

let db: ModelDatabase;
let dbCount = 0;
beforeEach(async () => {
  dbCount += 1;
  db = await openModelDb(`download-checks-${dbCount}`);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('downloadFile requests', () => {
  it('asks for the whole file without cache or credentials, then commits a verified record', async () => {
    const h = host();
    const result = await downloadFile({ db, file: FILE, fetch: h.fetch, chunkBytes: 1000 });
    expect(result).toEqual({ resumedFrom: 0, restarted: false });
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]).toMatchObject({
      url: FILE.url,
      range: null,
      init: { cache: 'no-store', credentials: 'omit', mode: 'cors' },
    });
    const record = await db.get('files', FILE.sha256);
    expect(record).toMatchObject({
      sha256: FILE.sha256,
      bytes: 2500,
      receivedBytes: 2500,
      chunkCount: 3,
      complete: true,
      url: FILE.url,
    });
    expect(record).not.toHaveProperty('hashState');
    const sizes = (await db.getAll('chunks')).map((c) => c.data.byteLength);
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('answers a stored file from the store without a request', async () => {
    const h = host();
    await downloadFile({ db, file: FILE, fetch: h.fetch });
    expect(await downloadFile({ db, file: FILE, fetch: h.fetch })).toEqual({
      resumedFrom: 2500,
      restarted: false,
    });
    expect(h.requests).toHaveLength(1);
  });

  it('stores a file smaller than one chunk as one chunk of its own size', async () => {
    await downloadFile({ db, file: FILE, fetch: host({ partBytes: 2500 }).fetch, chunkBytes: 4096 });
    expect((await db.getAll('chunks')).map((c) => c.data.byteLength)).toEqual([2500]);
  });

  it('splits a part that spans chunks', async () => {
    await downloadFile({ db, file: FILE, fetch: host({ partBytes: 2500 }).fetch, chunkBytes: 600 });
    expect((await db.getAll('chunks')).map((c) => c.data.byteLength)).toEqual([600, 600, 600, 600, 100]);
  });

  it('reports progress up to the full size', async () => {
    const seen: number[] = [];
    await downloadFile({
      db,
      file: FILE,
      fetch: host().fetch,
      chunkBytes: 1000,
      onProgress: (n) => seen.push(n),
    });
    expect(seen).toEqual([1000, 2000, 2500]);
  });

  it('reports progress between chunks once the interval has passed', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 60));
    const seen: number[] = [];
    try {
      await downloadFile({
        db,
        file: FILE,
        fetch: host({ partBytes: 100 }).fetch,
        chunkBytes: 2500,
        onProgress: (n) => seen.push(n),
      });
    } finally {
      vi.restoreAllMocks();
    }
    // A clock that moves 60 ms a reading: every other part is reported, then the stored total.
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(2500);
    expect(seen.filter((n) => n % 200 !== 0 && n !== 2500)).toEqual([]);
  });

  it('resumes with a Range request and keeps the bytes it had', async () => {
    const { h, result } = await resumedFrom1000(rest('bytes 1000-2499/2500'));
    expect(result).toEqual({ resumedFrom: 1000, restarted: false });
    expect(h.requests[0]!.range).toBe('bytes=1000-');
    expect(await db.get('files', FILE.sha256)).toMatchObject({ complete: true, receivedBytes: 2500 });
  });

  it('accepts a Content-Range with an unknown total', async () => {
    const { result } = await resumedFrom1000(rest('bytes 1000-2499/*'));
    expect(result).toEqual({ resumedFrom: 1000, restarted: false });
  });

  it.each([
    ['a 200 instead of 206', { status: 200 }],
    ['a 206 from another offset', { status: 206, headers: { 'Content-Range': 'bytes 0-2499/2500' } }],
    ['a 206 without Content-Range', { status: 206 }],
    ['a malformed Content-Range', { status: 206, headers: { 'Content-Range': 'bytes 1000-/2500' } }],
  ] as const)('starts over from byte 0 on %s', async (_name, reply) => {
    const { result } = await resumedFrom1000(reply);
    expect(result).toEqual({ resumedFrom: 1000, restarted: true });
    expect(await db.get('files', FILE.sha256)).toMatchObject({
      complete: true,
      receivedBytes: 2500,
      chunkCount: 3,
    });
    expect(await db.count('chunks')).toBe(3);
  });

  it('throws away a partial file recorded for another size', async () => {
    await partial(1000);
    const record = (await db.get('files', FILE.sha256))!;
    await db.put('files', { ...record, bytes: 9999 });
    const h = host();
    expect(await downloadFile({ db, file: FILE, fetch: h.fetch, chunkBytes: 1000 })).toEqual({
      resumedFrom: 0,
      restarted: false,
    });
    expect(h.requests[0]!.range).toBeNull();
  });

  it('throws away a partial file without its hash state', async () => {
    await partial(1000);
    const { hashState: _state, ...record } = (await db.get('files', FILE.sha256))!;
    await db.put('files', record);
    const h = host();
    expect(await downloadFile({ db, file: FILE, fetch: h.fetch, chunkBytes: 1000 })).toEqual({
      resumedFrom: 0,
      restarted: false,
    });
    expect(h.requests[0]!.range).toBeNull();
    expect(await db.get('files', FILE.sha256)).toMatchObject({ complete: true });
  });
});

describe('downloadFile refusals', () => {
  it('names the status, its text and the URL of an HTTP error', async () => {
    const error = await rejection(
      downloadFile({ db, file: FILE, fetch: host({ status: 503, statusText: 'Service Unavailable' }).fetch }),
    );
    expect(error.code).toBe('model/http-error');
    expect(error.message).toBe(
      `The model host answered 503 Service Unavailable for ${FILE.url}. Check the model host in Settings, then retry.`,
    );
    expect(error.details).toEqual({ status: 503 });
    const bare = await rejection(downloadFile({ db, file: FILE, fetch: host({ status: 404 }).fetch }));
    expect(bare.message).toBe(
      `The model host answered 404 for ${FILE.url}. Check the model host in Settings, then retry.`,
    );
  });

  it('refuses a web page whatever the case of its type, and nothing else', async () => {
    const error = await rejection(
      downloadFile({ db, file: FILE, fetch: host({ headers: { 'Content-Type': 'TEXT/HTML' } }).fetch }),
    );
    expect(error.code).toBe('model/not-a-model');
    expect(error.message).toBe(
      `The model host sent a web page instead of the model file (${FILE.url}). A login page or a wrong mirror address causes this; check the model host in Settings.`,
    );
    expect(await db.count('files')).toBe(0);
    // A type that only mentions html elsewhere is not a web page.
    await downloadFile({
      db,
      file: FILE,
      fetch: host({ headers: { 'Content-Type': 'application/x-text/html' } }).fetch,
    });
    expect(await db.get('files', FILE.sha256)).toMatchObject({ complete: true });
  });

  it('keeps a partial file when a resumed request is refused', async () => {
    await partial(1000);
    await rejection(downloadFile({ db, file: FILE, fetch: host({ status: 500 }).fetch }));
    expect(await db.get('files', FILE.sha256)).toMatchObject({ receivedBytes: 1000, complete: false });
  });

  it('says how much was expected and sent when the sizes differ', async () => {
    const short = await rejection(
      downloadFile({ db, file: FILE, fetch: host({ body: BODY.slice(0, 2000) }).fetch, chunkBytes: 1000 }),
    );
    expect(short.code).toBe('model/size-mismatch');
    expect(short.message).toBe(
      `The model host sent 2000 bytes for ${FILE.url}, but the registry expects 2500. Nothing was stored.`,
    );
    expect(short.details).toEqual({ expected: 2500, received: 2000 });
    const long = await rejection(
      downloadFile({ db, file: FILE, fetch: host({ body: new Uint8Array(2501) }).fetch, chunkBytes: 1000 }),
    );
    expect(long.message).toBe(
      `The model host sent more than the expected 2500 bytes for ${FILE.url}. Nothing was stored.`,
    );
    expect(long.details).toEqual({ expected: 2500 });
    expect(await db.count('chunks')).toBe(0);
  });

  it('accepts a body of exactly the expected size in one part', async () => {
    await downloadFile({ db, file: FILE, fetch: host({ partBytes: 2500 }).fetch, chunkBytes: 1000 });
    expect(await db.get('files', FILE.sha256)).toMatchObject({ complete: true });
  });

  it('names both hashes when the SHA-256 differs', async () => {
    const body = BODY.map((b, i) => (i === 10 ? b ^ 0xff : b));
    const error = await rejection(downloadFile({ db, file: FILE, fetch: host({ body }).fetch }));
    expect(error.code).toBe('model/hash-mismatch');
    expect(error.message).toBe(
      `The downloaded file ${FILE.url} failed its SHA-256 check (the file on the host differs from the one this app was built for). Nothing was stored.`,
    );
    expect(error.details).toEqual({
      expected: FILE.sha256,
      actual: createHash('sha256').update(body).digest('hex'),
    });
    expect(await db.count('files')).toBe(0);
  });

  it('tells an unreachable host from an offline device', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    vi.stubGlobal('navigator', { onLine: true });
    const network = await rejection(downloadFile({ db, file: FILE, fetch: failing }));
    expect(network.code).toBe('model/network');
    expect(network.message).toBe(
      `Could not reach the model host for ${FILE.url}: this device may be offline. Connect, then retry; the download resumes where it stopped.`,
    );
    expect(network.details).toEqual({ cause: 'TypeError: Failed to fetch' });
    vi.stubGlobal('navigator', { onLine: false });
    const offline = await rejection(downloadFile({ db, file: FILE, fetch: failing }));
    expect(offline.code).toBe('model/offline');
    expect(offline.message).toBe(
      `This model is not stored on this device yet, and the device is offline. Connect to download it (${FILE.url}).`,
    );
  });

  it('says where an interrupted download stopped', async () => {
    await partial(1000);
    const record = await db.get('files', FILE.sha256);
    expect(record).toMatchObject({ chunkCount: 1 });
    const dropping = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.error(new TypeError('reset'));
          },
        }),
        { status: 206, headers: { 'Content-Range': 'bytes 1000-2499/2500' } },
      )) as typeof fetch;
    const error = await rejection(downloadFile({ db, file: FILE, fetch: dropping, chunkBytes: 1000 }));
    expect(error.code).toBe('model/network');
    expect(error.message).toBe(
      `The download of ${FILE.url} was interrupted after 1000 of 2500 bytes. It resumes from there when you retry.`,
    );
    expect(error.details).toEqual({ receivedBytes: 1000, cause: 'TypeError: reset' });
  });

  it('rethrows the abort reason when cancelled during the request or the body', async () => {
    const reason = new DOMException('Cancelled', 'AbortError');
    const controller = new AbortController();
    const aborting = (async () => {
      controller.abort(reason);
      throw new TypeError('aborted');
    }) as typeof fetch;
    await expect(downloadFile({ db, file: FILE, fetch: aborting, signal: controller.signal })).rejects.toBe(
      reason,
    );

    const second = new AbortController();
    const midBody = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(BODY.slice(0, 500));
          },
          pull(c) {
            second.abort(reason);
            c.error(reason);
          },
        }),
      )) as typeof fetch;
    await expect(
      downloadFile({ db, file: FILE, fetch: midBody, signal: second.signal, chunkBytes: 1000 }),
    ).rejects.toBe(reason);
    // What arrived before the abort is kept for the next try.
    expect(await db.get('files', FILE.sha256)).toMatchObject({ receivedBytes: 500, complete: false });
  });
});

describe('downloadOnce', () => {
  it('joins a running download of the same file and forgets it when done', async () => {
    const h = host();
    const a = downloadOnce({ db, file: FILE, fetch: h.fetch });
    const b = downloadOnce({ db, file: FILE, fetch: h.fetch });
    expect(b).toBe(a);
    expect(downloadsInFlight()).toEqual([FILE.sha256]);
    await a;
    expect(h.requests).toHaveLength(1);
    expect(downloadsInFlight()).toEqual([]);
    const c = downloadOnce({ db, file: FILE, fetch: h.fetch });
    expect(c).not.toBe(a);
    await c;
  });

  it('forgets a failed download so a retry starts a new one', async () => {
    await rejection(downloadOnce({ db, file: FILE, fetch: host({ status: 500 }).fetch }));
    expect(downloadsInFlight()).toEqual([]);
    await downloadOnce({ db, file: FILE, fetch: host().fetch });
    expect(await db.get('files', FILE.sha256)).toMatchObject({ complete: true });
  });
});
