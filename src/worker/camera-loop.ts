/**
 * A camera loop in the worker: reads a VideoFrame stream (newest frame wins, see FrameReader)
 * and hands each frame to `step`, which analyses it, draws its marks and reports. The frame
 * is closed after the step; a failed step ends the loop with its error.
 */
import { errorMessage } from '../shared/errors';
import { FrameReader } from './frame-reader';

export type FrameStep = (frame: VideoFrame, dropped: number) => Promise<void>;

export class CameraLoop {
  private stopped = false;
  private readonly reader: FrameReader;
  /** Resolves when the stream ends or the loop is stopped; rejects with a step's error. */
  readonly done: Promise<void>;

  constructor(
    frames: ReadableStream<VideoFrame>,
    private readonly step: FrameStep,
  ) {
    this.reader = new FrameReader(frames);
    this.done = this.loop();
  }

  get running(): boolean {
    return !this.stopped;
  }

  stop(): void {
    this.stopped = true;
    this.reader.cancel();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const frame = await this.reader.next();
      if (!frame) break;
      try {
        await this.step(frame, this.reader.dropped);
      } finally {
        frame.close();
      }
    }
  }
}

/**
 * Tells the page how a loop ended (`null`, or its error in words) through its `onEnd` callback,
 * then runs `after`; a page that went away meanwhile is no error.
 */
export function reportEnd(
  done: Promise<void>,
  onEnd: (error: string | null) => unknown,
  after: () => void,
): void {
  done
    .then(
      () => onEnd(null),
      (error: unknown) => onEnd(errorMessage(error)),
    )
    .catch(() => undefined)
    .finally(after);
}
