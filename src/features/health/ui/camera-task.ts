/**
 * What both health sessions share: the front camera on a <video>, its frames and a fresh
 * overlay canvas handed to the worker for one task (a heart-rate measurement or a workout),
 * and stopping all of it. The worker analyses every frame and draws the marks itself.
 */
import { batch, signal } from '@preact/signals';
import { openCamera, stopStream } from '../../../media/camera';
import { cameraFeed, canStreamFrames, framePath } from '../../../media/camera-frames';
import { inference } from '../../../runtime/models';
import { AppError, errorMessage } from '../../../shared/errors';
import type { HealthReport } from '../../../worker/types';
import type { HealthViewOptions } from '../shared/types';

/** What still works without a camera, said after a camera error. */
export const NO_CAMERA_HINT = 'The journal below still works.';

type TaskRequest = Parameters<ReturnType<typeof inference>['startHealth']>[0];

export abstract class CameraTask {
  readonly cameraError = signal<AppError | null>(null);
  readonly error = signal<string | null>(null);
  readonly loading = signal<string | null>(null);
  /** Bumped for each start: the overlay canvas is new each time (it moves to the worker). */
  readonly liveKey = signal(0);

  video: HTMLVideoElement | null = null;
  overlay: HTMLCanvasElement | null = null;

  protected stream: MediaStream | null = null;
  protected disposed = false;
  private frames: AbortController | null = null;

  /** Opens the front camera on the video; null when the session was stopped meanwhile. */
  protected async openFrontCamera(stillWanted: () => boolean): Promise<MediaStream | null> {
    batch(() => {
      this.cameraError.value = null;
      this.error.value = null;
    });
    if (!canStreamFrames())
      throw new Error('This browser cannot pass camera frames to a worker, which this needs.');
    const stream = await openCamera('user', NO_CAMERA_HINT);
    if (this.disposed || !stillWanted()) {
      stopStream(stream);
      return null;
    }
    this.stream = stream;
    const video = this.video!;
    video.srcObject = stream;
    await video.play();
    // Stopped (or the page left) while the video started: stop() has ended the stream already.
    return this.stream === stream ? stream : null;
  }

  /**
   * Hands the stream's frames and a fresh overlay canvas to the worker, which runs `task` on each
   * frame. False when the session was stopped before the task could start: nothing runs.
   */
  protected async runInWorker(
    stream: MediaStream,
    task: TaskRequest,
    onReport: (report: HealthReport) => void,
    what: string,
  ): Promise<boolean> {
    this.liveKey.value += 1;
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const path = await framePath(inference());
    // stop() has sent stopHealth already: a task started after it would be one nobody stops.
    if (this.stream !== stream) return false;
    this.frames = new AbortController();
    await inference().startHealth(
      task,
      cameraFeed(path, stream.getVideoTracks()[0]!, this.video!, this.frames.signal),
      this.overlay!.transferControlToOffscreen(),
      this.view(),
      (report) => {
        if (this.stream === stream) onReport(report);
      },
      (error) => {
        if (error && this.stream === stream) {
          this.error.value = `The ${what} stopped: ${error}`;
          this.stop();
        }
      },
    );
    return true;
  }

  /** Mirrored (front camera), with marks sized for the video's on-screen size. */
  protected view(): HealthViewOptions {
    const video = this.video;
    const scale =
      video?.videoWidth && video.clientWidth ? Math.max(0.5, video.videoWidth / video.clientWidth) : 1;
    return { mirror: true, markScale: scale };
  }

  /** Shows a failure: camera and microphone errors get their own message, others a line of text. */
  protected failed(error: unknown): void {
    batch(() => {
      this.loading.value = null;
      if (error instanceof AppError && (error.code.startsWith('camera/') || error.code.startsWith('mic/')))
        this.cameraError.value = error;
      else this.error.value = errorMessage(error);
    });
  }

  /** Stops the worker's loop and every camera track. */
  stop(): void {
    this.frames?.abort();
    this.frames = null;
    if (this.stream)
      void inference()
        .stopHealth()
        .catch(() => undefined);
    stopStream(this.stream);
    this.stream = null;
    if (this.video) this.video.srcObject = null;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }
}
