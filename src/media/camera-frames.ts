/**
 * A camera track as a FrameFeed for the worker (src/shared/frame-feed.ts): Chromium's
 * MediaStreamTrackProcessor on the page (one-frame buffer, so the newest frame wins), a clone of
 * the track for a worker that has its own processor (Safari), or a pump that copies a frame
 * from the playing <video> each time the worker asks (everywhere else).
 */
import { chooseFramePath, type FeedHandoff, type FramePath, type PumpRequest } from '../shared/frame-feed';

type TrackProcessor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => {
  readable: ReadableStream<VideoFrame>;
};

/** Chromium's MediaStreamTrackProcessor on the page, whose frame stream can move to a worker. */
export function trackProcessor(): TrackProcessor | null {
  const ctor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
  return typeof ctor === 'function' && typeof OffscreenCanvas === 'function' ? ctor : null;
}

/** True when this browser can hand camera frames and a canvas to a worker. */
export function canStreamFrames(): boolean {
  return typeof OffscreenCanvas === 'function' && typeof VideoFrame === 'function';
}

/** The path this page takes with `worker`: the page's processor settles it without asking. */
export async function framePath(worker: {
  workerFeatures(): Promise<{ trackProcessor: boolean }>;
}): Promise<FramePath> {
  if (trackProcessor()) return 'stream';
  return chooseFramePath(false, (await worker.workerFeatures()).trackProcessor);
}

/**
 * The track's frames for the worker, with what must be transferred. The feed ends when `signal`
 * aborts (the pump stops; a transferred track is stopped by the worker when its loop stops).
 * Timestamps are capture times in µs.
 */
export function cameraFeed(
  path: FramePath,
  track: MediaStreamTrack,
  video: HTMLVideoElement,
  signal: AbortSignal,
): FeedHandoff {
  if (path === 'stream') {
    const Processor = trackProcessor()!;
    const readable = new Processor({ track, maxBufferSize: 1 }).readable;
    return { feed: { kind: 'stream', readable }, transfer: [readable as unknown as Transferable] };
  }
  if (path === 'track') {
    // A clone moves: the page's own track keeps the preview playing.
    const clone = track.clone();
    return { feed: { kind: 'track', track: clone }, transfer: [clone as unknown as Transferable] };
  }
  const channel = new MessageChannel();
  pumpFrames(channel.port1, video, signal);
  return { feed: { kind: 'pump', port: channel.port2 }, transfer: [channel.port2] };
}

/**
 * Answers each `pull` with a video frame the worker has not had yet: at once when one arrived
 * while the worker was busy, else as soon as the next one arrives; until `stop`, an abort, or
 * the port closes.
 */
function pumpFrames(port: MessagePort, video: HTMLVideoElement, signal: AbortSignal): void {
  const hasFrameCallback = 'requestVideoFrameCallback' in video;
  /** The newest video frame's capture time (ms), and whether the worker has had it. */
  let newest: { captured: number; sent: boolean } | null = null;
  let waiting: (() => void) | null = null;
  let ended = false;
  const watch = () => {
    if (ended) return;
    const seen = (now: number, captured?: number) => {
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        newest = { captured: captured ?? now, sent: false };
        waiting?.();
      }
      watch();
    };
    if (hasFrameCallback) video.requestVideoFrameCallback((now, metadata) => seen(now, metadata.captureTime));
    else requestAnimationFrame((now) => seen(now));
  };
  const end = () => {
    ended = true;
    port.onmessage = null;
    port.close();
    waiting?.();
  };
  signal.addEventListener('abort', end, { once: true });
  watch();
  port.onmessage = async (event: MessageEvent<PumpRequest>) => {
    if (event.data === 'stop') return end();
    let frame: VideoFrame | null = null;
    while (!frame) {
      while (!ended && (!newest || newest.sent)) await new Promise<void>((resolve) => (waiting = resolve));
      waiting = null;
      if (ended || !newest) return;
      newest.sent = true;
      try {
        frame = new VideoFrame(video, { timestamp: Math.round(newest.captured * 1000) });
      } catch {
        // The element had no picture to give at this instant (WebKit throws InvalidStateError
        // while a camera starts): answer with the next frame instead of leaving the pull unanswered.
      }
    }
    try {
      port.postMessage(frame, [frame as unknown as Transferable]);
    } catch {
      // An engine that can clone a VideoFrame but not transfer it: send a copy, close ours.
      port.postMessage(frame);
      frame.close();
    }
  };
}
