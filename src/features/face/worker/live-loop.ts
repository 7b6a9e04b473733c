/**
 * The live camera pipeline, entirely in the worker: camera frames arrive as a stream of
 * VideoFrames, each is analysed and its overlay drawn on a canvas the page handed over
 * (OffscreenCanvas), and only a small report goes back. The page's main thread is not on the
 * path, so a busy page cannot delay a frame.
 *
 * The newest frame always wins: the stream holds one frame, and the browser drops older ones
 * while a frame is being analysed, so latency never builds up.
 */
import { drawOverlay, MARK_FONT } from '../shared/draw';
import type { Backend } from '../../../shared/backends';
import { CameraLoop } from '../../../worker/camera-loop';
import type { LiveOptions, LiveReport } from '../shared/types';
import { detectFaces, faceMeshes, type ModelRunner } from './detect-faces';

/**
 * Draws a mark and a label off the canvas while the loop waits for its first frame, so the
 * first frame's drawing does not pay for the canvas's and the font's set-up (17–85 ms measured
 * on the first frame here, 1–4 ms with this).
 */
function warmCanvas(ctx: OffscreenCanvasRenderingContext2D): void {
  ctx.font = `600 12px ${MARK_FONT}`;
  ctx.lineWidth = 2;
  ctx.strokeRect(-20, -20, 10, 10);
  ctx.fillText('0.99', -100, -100);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
}

export class LiveLoop {
  private readonly camera: CameraLoop;
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  /** Resolves when the loop has ended (stream over, stopped, or failed). */
  readonly done: Promise<void>;

  constructor(
    private readonly run: ModelRunner,
    private detector: number,
    frames: ReadableStream<VideoFrame>,
    canvas: OffscreenCanvas,
    private options: LiveOptions,
    private readonly report: (report: LiveReport) => void,
    private readonly backend: () => Backend,
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('The overlay canvas has no 2D context.');
    this.ctx = ctx;
    warmCanvas(ctx);
    this.camera = new CameraLoop(frames, (frame, dropped) => this.step(frame, dropped));
    this.done = this.camera.done;
  }

  /** New options (and detector) apply from the next frame. */
  update(detector: number, options: LiveOptions): void {
    this.detector = detector;
    this.options = options;
  }

  stop(): void {
    this.camera.stop();
  }

  /** One frame: faces found (and meshes, when on), the overlay drawn, a report sent. */
  private async step(frame: VideoFrame, dropped: number): Promise<void> {
    const arrived = performance.now();
    const options = this.options;
    const result = await detectFaces(this.run, this.detector, frame, options);
    let mesh = 0;
    if (options.meshHandle !== undefined && result.faces.length > 0) {
      const started = performance.now();
      result.meshes = await faceMeshes(this.run, options.meshHandle, frame, result.faces);
      mesh = performance.now() - started;
    }
    if (!this.camera.running) return;
    const drawStarted = performance.now();
    drawOverlay(this.ctx, frame, result.width, result.height, result.faces, {
      mirror: options.mirror,
      redaction: options.redaction,
      markScale: options.markScale,
      meshes: result.meshes,
    });
    const drawn = performance.now();
    this.report({
      faces: result.faces,
      width: result.width,
      height: result.height,
      timings: { ...result.timings, mesh, draw: drawn - drawStarted },
      endToEnd: drawn - arrived,
      drawnAt: performance.timeOrigin + drawn,
      dropped,
      backend: this.backend(),
    });
  }
}
