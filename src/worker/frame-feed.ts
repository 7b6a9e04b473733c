/**
 * The worker's side of a FrameFeed (src/shared/frame-feed.ts): every path becomes one
 * ReadableStream<VideoFrame> that CameraLoop and LiveLoop read. Cancelling it ends the path's
 * source: the transferred track is stopped, the page's pump is told to stop.
 */
import type { FrameFeed, PumpRequest } from '../shared/frame-feed';

type Processor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => {
  readable: ReadableStream<VideoFrame>;
};

/** This worker's MediaStreamTrackProcessor (Safari 18+ has it only in dedicated workers). */
export function workerTrackProcessor(): Processor | null {
  const ctor = (globalThis as { MediaStreamTrackProcessor?: Processor }).MediaStreamTrackProcessor;
  return typeof ctor === 'function' ? ctor : null;
}

export function openFeed(feed: FrameFeed): ReadableStream<VideoFrame> {
  if (feed.kind === 'stream') return feed.readable;
  if (feed.kind === 'track') return trackFrames(feed.track);
  return pumpedFrames(feed.port);
}

function trackFrames(track: MediaStreamTrack): ReadableStream<VideoFrame> {
  const Processor = workerTrackProcessor();
  if (!Processor) {
    track.stop();
    throw new Error('This worker has no MediaStreamTrackProcessor to read the camera track.');
  }
  const reader = new Processor({ track, maxBufferSize: 1 }).readable.getReader();
  return new ReadableStream<VideoFrame>(
    {
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done || !value) {
          track.stop();
          controller.close();
        } else controller.enqueue(value);
      },
      cancel() {
        track.stop();
        void reader.cancel().catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Frames the page sends over `port`, one per `pull`; a message that is not a frame ends it. */
function pumpedFrames(port: MessagePort): ReadableStream<VideoFrame> {
  let waiting: ((frame: VideoFrame | null) => void) | null = null;
  port.onmessage = (event: MessageEvent<unknown>) => {
    const frame = event.data instanceof VideoFrame ? event.data : null;
    const resolve = waiting;
    waiting = null;
    if (resolve) resolve(frame);
    else frame?.close();
  };
  const send = (request: PumpRequest) => port.postMessage(request);
  return new ReadableStream<VideoFrame>(
    {
      async pull(controller) {
        const frame = await new Promise<VideoFrame | null>((resolve) => {
          waiting = resolve;
          send('pull');
        });
        if (frame) controller.enqueue(frame);
        else {
          port.close();
          try {
            controller.close();
          } catch {
            // Already cancelled.
          }
        }
      },
      cancel() {
        send('stop');
        port.close();
        waiting?.(null);
      },
    },
    { highWaterMark: 0 },
  );
}
