/**
 * Reads a camera's VideoFrame stream (MediaStreamTrackProcessor, opened with a one-frame
 * buffer, so the browser drops frames that arrive while one is being analysed) and counts the
 * dropped ones from gaps in the timestamps.
 */
export class FrameReader {
  private readonly reader: ReadableStreamDefaultReader<VideoFrame>;
  private lastTimestamp: number | null = null;
  private minGap = Infinity;
  /** Frames the camera produced that were never read. */
  dropped = 0;

  constructor(frames: ReadableStream<VideoFrame>) {
    this.reader = frames.getReader();
  }

  /** The next frame (the caller closes it), or null when the stream has ended. */
  async next(): Promise<VideoFrame | null> {
    const { value, done } = await this.reader.read();
    if (done || !value) return null;
    if (this.lastTimestamp !== null) {
      const gap = value.timestamp - this.lastTimestamp;
      if (gap > 0) {
        this.minGap = Math.min(this.minGap, gap);
        this.dropped += Math.max(0, Math.round(gap / this.minGap) - 1);
      }
    }
    this.lastTimestamp = value.timestamp;
    return value;
  }

  cancel(): void {
    void this.reader.cancel().catch(() => undefined);
  }
}
