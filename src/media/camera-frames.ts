/**
 * A camera track as a stream of VideoFrames that can move to a worker: Chromium's
 * MediaStreamTrackProcessor (one-frame buffer, so the newest frame wins), or, elsewhere, a
 * stream fed from the playing <video> one frame per requestVideoFrameCallback.
 */

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
  return (
    typeof OffscreenCanvas === 'function' && (trackProcessor() !== null || typeof VideoFrame === 'function')
  );
}

/** The track's frames; the stream ends when `signal` aborts. Timestamps are capture times in µs. */
export function cameraFrames(
  track: MediaStreamTrack,
  video: HTMLVideoElement,
  signal: AbortSignal,
): ReadableStream<VideoFrame> {
  const Processor = trackProcessor();
  if (Processor) return new Processor({ track, maxBufferSize: 1 }).readable;
  return new ReadableStream<VideoFrame>(
    {
      pull(controller) {
        return new Promise<void>((resolve) => {
          if (signal.aborted) {
            controller.close();
            resolve();
            return;
          }
          const emit = (now: number, captureTime?: number) => {
            if (signal.aborted) controller.close();
            else
              controller.enqueue(
                new VideoFrame(video, { timestamp: Math.round((captureTime ?? now) * 1000) }),
              );
            resolve();
          };
          if ('requestVideoFrameCallback' in video)
            video.requestVideoFrameCallback((now, metadata) => emit(now, metadata.captureTime));
          else requestAnimationFrame((now) => emit(now));
        });
      },
    },
    { highWaterMark: 0 },
  );
}
