/**
 * A stand-in for the remote model host (Hugging Face layout: /<repo>/resolve/<revision>/<path>)
 * that the tests control: it counts every byte it sends and injects faults on demand.
 * It listens on localhost only.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long a dropped connection stays open after its last byte. */
const DROP_DELAY_MS = 500;

export type Fault =
  | { kind: 'none' }
  | { kind: 'flip-byte' }
  | { kind: 'html' }
  | { kind: 'status'; status: number }
  | { kind: 'short' }
  /** Close the socket after this fraction of the body. */
  | { kind: 'drop'; at: number }
  /** Ignore Range and always send the whole file. */
  | { kind: 'no-range' }
  /** Send slowly: bytes per 50 ms tick. */
  | { kind: 'slow'; bytesPerTick: number };

export interface HostRequest {
  path: string;
  range: string | null;
  status: number;
  bytesSent: number;
}

export interface ModelHost {
  url: string;
  requests: HostRequest[];
  /** Faults by file path suffix (e.g. 'model.onnx'); applies to every matching request. */
  faults: Map<string, Fault>;
  bytesSentFor(suffix: string): number;
  close(): Promise<void>;
}

/** Serves the files under `root` (laid out as <repo>/resolve/<revision>/<path>). */
export async function startModelHost(root: string, port: number): Promise<ModelHost> {
  const requests: HostRequest[] = [];
  const faults = new Map<string, Fault>();
  const faultFor = (path: string): Fault =>
    [...faults.entries()].find(([suffix]) => path.endsWith(suffix))?.[1] ?? { kind: 'none' };

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const entry: HostRequest = { path, range: req.headers.range ?? null, status: 0, bytesSent: 0 };
    requests.push(entry);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Range');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, Accept-Ranges');
    if (req.method === 'OPTIONS') {
      entry.status = 204;
      res.writeHead(204).end();
      return;
    }
    const fault = faultFor(path);
    let body: Buffer;
    try {
      body = readFileSync(join(root, path));
    } catch {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    if (fault.kind === 'status') {
      entry.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': 'text/plain' }).end(`error ${fault.status}`);
      return;
    }
    if (fault.kind === 'html') {
      const page = Buffer.from('<!doctype html><title>Sign in</title><p>Please sign in to continue.</p>');
      entry.status = 200;
      entry.bytesSent = page.byteLength;
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.byteLength })
        .end(page);
      return;
    }
    if (fault.kind === 'flip-byte') {
      body = Buffer.from(body);
      body[Math.floor(body.byteLength / 2)]! ^= 0xff;
    }
    if (fault.kind === 'short') body = body.subarray(0, Math.floor(body.byteLength * 0.9));

    const match = fault.kind === 'no-range' ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = match ? Number(match[1]) : 0;
    const slice = body.subarray(start);
    const headers: Record<string, string | number> = {
      'Content-Type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      'Content-Length': slice.byteLength,
      ...(fault.kind === 'no-range' ? {} : { 'Accept-Ranges': 'bytes' }),
    };
    if (match) headers['Content-Range'] = `bytes ${start}-${body.byteLength - 1}/${body.byteLength}`;
    entry.status = match ? 206 : 200;
    res.writeHead(entry.status, headers);

    if (fault.kind === 'drop') {
      const cut = Math.floor(body.byteLength * fault.at) - start;
      const part = slice.subarray(0, Math.max(0, cut));
      entry.bytesSent = part.byteLength;
      // Close only after the client had time to read what was sent: a browser drops bytes it
      // has buffered but not yet handed to the page when the connection errors.
      res.write(part, () => setTimeout(() => res.socket?.end(), DROP_DELAY_MS));
      return;
    }
    if (fault.kind === 'slow') {
      let offset = 0;
      const tick = setInterval(() => {
        if (res.destroyed) return clearInterval(tick);
        const part = slice.subarray(offset, offset + fault.bytesPerTick);
        offset += part.byteLength;
        entry.bytesSent += part.byteLength;
        if (offset >= slice.byteLength) {
          clearInterval(tick);
          res.end(part);
        } else res.write(part);
      }, 50);
      res.on('close', () => clearInterval(tick));
      return;
    }
    entry.bytesSent = slice.byteLength;
    res.end(slice);
  });
  await new Promise<void>((ready) => server.listen(port, 'localhost', ready));
  return {
    url: `http://localhost:${port}`,
    requests,
    faults,
    bytesSentFor: (suffix) =>
      requests.filter((r) => r.path.endsWith(suffix)).reduce((sum, r) => sum + r.bytesSent, 0),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
