/**
 * A stand-in for somewhere data must never go: one port that counts every TCP connection (an
 * HTTP request, a WebSocket, a beacon, an image, a TLS attempt or TURN over TCP all open one)
 * and every UDP datagram (STUN and TURN over UDP). The egress tests expect it to count zero.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import type { Page } from '@playwright/test';

export interface OutsideHost {
  /** http://127.0.0.1:<port>: another origin than the app's http://localhost:<port>. */
  url: string;
  port: number;
  /** One line per contact: `tcp <remote port>`, `http <method> <path>`, `udp <bytes>`. */
  hits: string[];
  close(): Promise<void>;
}

export async function startOutsideHost(port: number): Promise<OutsideHost> {
  const hits: string[] = [];
  const http = createServer((req, res) => {
    hits.push(`http ${req.method} ${req.url}`);
    res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
  });
  http.on('connection', (socket) => hits.push(`tcp ${socket.remotePort}`));
  // Non-HTTP bytes (TLS, TURN over TCP) must not crash the server; the connection was counted.
  http.on('clientError', (_error, socket) => socket.destroy());
  http.on('upgrade', (req, socket) => {
    hits.push(`upgrade ${req.url}`);
    socket.destroy();
  });
  const udp = createSocket('udp4');
  udp.on('message', (message) => hits.push(`udp ${message.length}`));
  await Promise.all([
    new Promise<void>((ready) => http.listen(port, '127.0.0.1', ready)),
    new Promise<void>((ready) => udp.bind(port, '127.0.0.1', ready)),
  ]);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((done) => {
        udp.close();
        http.closeAllConnections();
        http.close(() => done());
      }),
  };
}

export interface EgressProbe {
  /** How each attempt ended, as the page saw it. */
  outcomes: Record<'fetch' | 'beacon' | 'webSocket' | 'image' | 'rtc' | 'rtcInFrame', string>;
  /** The page's `securitypolicyviolation` events while probing. */
  violations: { directive: string; blocked: string }[];
}

/** How long a peer connection gets to send its STUN and TURN packets before it is closed. */
const ICE_WAIT_MS = 3000;

/**
 * Tries every way a page could send data to `outside`: fetch, sendBeacon, WebSocket, an image,
 * and a WebRTC peer connection whose STUN and TURN servers (UDP and TCP) are the outside host,
 * both in the page and in an about:blank frame (which frame-src cannot stop).
 */
export async function probeEgress(page: Page, outside: OutsideHost): Promise<EgressProbe> {
  return page.evaluate(
    async ({ url, port, iceWaitMs }) => {
      const violations: { directive: string; blocked: string }[] = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI }),
      );
      const describe = (error: unknown) =>
        error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const fetched = await fetch(`${url}/fetch`, { mode: 'no-cors' }).then(
        () => 'reached',
        (error: unknown) => `blocked (${describe(error)})`,
      );
      let beacon: string;
      try {
        beacon = navigator.sendBeacon(`${url}/beacon`, 'data') ? 'queued' : 'refused';
      } catch (error) {
        beacon = `threw (${describe(error)})`;
      }
      const webSocket = await new Promise<string>((done) => {
        try {
          const socket = new WebSocket(`${url.replace('http', 'ws')}/socket`);
          socket.onopen = () => done('open');
          socket.onerror = () => done('error event');
        } catch (error) {
          done(`threw (${describe(error)})`);
        }
      });
      const image = await new Promise<string>((done) => {
        const img = new Image();
        img.onload = () => done('loaded');
        img.onerror = () => done('error event');
        img.src = `${url}/pixel.png`;
      });
      const ice: RTCConfiguration = {
        iceServers: [
          { urls: `stun:127.0.0.1:${port}` },
          {
            urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
            username: 'user',
            credential: 'secret',
          },
        ],
      };
      const peer = async (Peer: typeof RTCPeerConnection) => {
        try {
          const connection = new Peer(ice);
          connection.createDataChannel('exfiltrate');
          await connection.setLocalDescription(await connection.createOffer());
          await new Promise((done) => setTimeout(done, iceWaitMs));
          connection.close();
          return 'gathered candidates';
        } catch (error) {
          return `threw (${describe(error)})`;
        }
      };
      const rtc = await peer(RTCPeerConnection);
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const rtcInFrame = await peer(
        (frame.contentWindow as unknown as { RTCPeerConnection: typeof RTCPeerConnection }).RTCPeerConnection,
      );
      frame.remove();
      // Violation events are queued as tasks: let them arrive.
      await new Promise((done) => setTimeout(done, 500));
      return { outcomes: { fetch: fetched, beacon, webSocket, image, rtc, rtcInFrame }, violations };
    },
    { url: outside.url, port: outside.port, iceWaitMs: ICE_WAIT_MS },
  );
}
