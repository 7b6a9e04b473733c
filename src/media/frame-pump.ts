/**
 * Feeds the newest camera frame to an async consumer. While the consumer is busy, frames are
 * dropped rather than queued, so latency never builds up however slow the backend is.
 */

export type Frame = VideoFrame | ImageBitmap;

export interface PumpedFrame {
  frame: Frame;
  /** When the frame was taken from the video (performance.now()). */
  capturedAt: number;
  /** Time spent wrapping the video frame. */
  captureMs: number;
}

export interface FramePumpStats {
  processed: number;
  dropped: number;
}

/** Wraps the video's current frame without copying where the browser allows (VideoFrame). */
export async function captureFrame(video: HTMLVideoElement): Promise<PumpedFrame> {
  const capturedAt = performance.now();
  const frame =
    typeof VideoFrame === 'function'
      ? new VideoFrame(video, { timestamp: Math.round(capturedAt * 1000) })
      : await createImageBitmap(video);
  return { frame, capturedAt, captureMs: performance.now() - capturedAt };
}

/** A second handle on a frame (VideoFrame.clone shares the pixels); the caller closes both. */
export async function copyFrame(frame: Frame): Promise<Frame> {
  return 'clone' in frame ? frame.clone() : createImageBitmap(frame);
}

/**
 * Calls `consume` with each new frame of `video` until `signal` aborts. The consumer owns the
 * frame and must close it; its failures go to `onError` and the pump goes on.
 */
export function pumpFrames(
  video: HTMLVideoElement,
  consume: (frame: PumpedFrame) => Promise<void>,
  signal: AbortSignal,
  onError: (error: unknown) => void,
): FramePumpStats {
  const stats: FramePumpStats = { processed: 0, dropped: 0 };
  let busy = false;
  const hasFrameCallback = 'requestVideoFrameCallback' in video;
  const schedule = () => {
    if (signal.aborted) return;
    if (hasFrameCallback) video.requestVideoFrameCallback(tick);
    else requestAnimationFrame(tick);
  };
  const tick = () => {
    if (signal.aborted) return;
    if (busy || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
      if (busy) stats.dropped += 1;
      schedule();
      return;
    }
    busy = true;
    captureFrame(video)
      .then((frame) => {
        if (signal.aborted) {
          frame.frame.close();
          return;
        }
        return consume(frame);
      })
      .catch((error: unknown) => {
        if (!signal.aborted) onError(error);
      })
      .finally(() => {
        busy = false;
        stats.processed += 1;
      });
    schedule();
  };
  schedule();
  return stats;
}
