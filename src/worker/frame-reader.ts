/**
 * Reads a camera's VideoFrame stream (MediaStreamTrackProcessor, opened with a one-frame
 * buffer, so the browser drops frames that arrive while one is being analysed) and counts the
 * dropped ones from the timestamps (FrameDropCounter, which tolerates their jitter).
 */
import { FrameDropCounter } from '../media/frame-drops';

export class FrameReader {
  private readonly reader: ReadableStreamDefaultReader<VideoFrame>;
  private readonly drops = new FrameDropCounter();

  constructor(frames: ReadableStream<VideoFrame>) {
    this.reader = frames.getReader();
  }

  /** The next frame (the caller closes it), or null when the stream has ended. */
  async next(): Promise<VideoFrame | null> {
    const { value, done } = await this.reader.read();
    if (done || !value) return null;
    this.drops.frame(value.timestamp);
    return value;
  }

  /** Frames the camera produced that were never read. */
  get dropped(): number {
    return this.drops.dropped;
  }

  cancel(): void {
    void this.reader.cancel().catch(() => undefined);
  }
}
