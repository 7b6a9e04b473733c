/**
 * WebRTC is switched off before any other module runs. The app never uses it, and Chromium 150
 * ignores CSP's `webrtc 'block'` ("Unrecognized Content-Security-Policy directive"), so a peer
 * connection would reach any host past connect-src: its STUN and TURN packets and ICE checks are
 * not fetches. The constructors are replaced, for good (non-writable, non-configurable), by ones
 * that throw, in this window, in every same-origin frame the moment it is attached (an
 * about:blank frame, which frame-src cannot stop, fires its load event during insertion), and
 * in every window this page opens.
 */
import { AppError } from '../shared/errors';

/** The constructors that open peer-to-peer connections, where the browser has them. */
export const WEBRTC_CONSTRUCTORS = [
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  'RTCIceTransport',
] as const;

function refused(name: string): () => never {
  return function WebRtcDisabled(): never {
    throw new AppError('security/webrtc-disabled', undefined, { api: name });
  };
}

/** Marks a locked window; Symbol.for is shared by every realm of the page. */
const LOCKED = Symbol.for('offgrid.webrtc-locked');

/** Replaces the WebRTC constructors of `win` (and of the frames and windows it makes). */
export function lockWebRtc(win: Window): void {
  if (LOCKED in win) return;
  Object.defineProperty(win, LOCKED, { value: true });
  for (const name of WEBRTC_CONSTRUCTORS) {
    if (!(name in win)) continue;
    Object.defineProperty(win, name, { value: refused(name), writable: false, configurable: false });
  }
  win.document.addEventListener('load', (event) => lockFrame(event.target), true);
  const open = win.open.bind(win);
  Object.defineProperty(win, 'open', {
    value: (...args: Parameters<Window['open']>) => {
      const opened = open(...args);
      if (opened) lockIfReachable(opened);
      return opened;
    },
    writable: false,
    configurable: false,
  });
}

/** A frame element's window, locked once; cross-origin frames are out of reach (and of frame-src). */
function lockFrame(target: EventTarget | null): void {
  const frame = target as Partial<HTMLIFrameElement> | null;
  if (!frame || !('contentWindow' in frame) || !frame.contentWindow) return;
  lockIfReachable(frame.contentWindow);
}

function lockIfReachable(win: Window): void {
  try {
    lockWebRtc(win);
  } catch {
    // A cross-origin window: its own document and CSP govern it.
  }
}
