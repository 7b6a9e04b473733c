/**
 * The face demo's state and work, apart from its markup: camera loop, options, stats and
 * errors, as signals the page renders; the photo path is ./photo-path.ts, on the same signals.
 * One session per visit to the page; dispose() stops the camera and releases every frame.
 */
import { batch, computed, signal } from '@preact/signals';
import { openCamera, stopStream, type Facing } from '../../../media/camera';
import { cameraFeed, framePath } from '../../../media/camera-frames';
import {
  copyFrame,
  pumpFrames,
  type Frame,
  type FramePumpStats,
  type PumpedFrame,
} from '../../../media/frame-pump';
import { inference, loadModel } from '../../../runtime/models';
import { markStartup } from '../../../shared/startup-marks';
import type { ModelHandle } from '../../../runtime/inference-client';
import { AppError, errorMessage, isAbortError } from '../../../shared/errors';
import type { Backend } from '../../../shared/backends';
import type { FramePath } from '../../../shared/frame-feed';
import { FACE_MODEL_IDS } from '../shared/config';
import type { FaceMode, FaceResult, LiveReport } from '../shared/types';
import { drawOverlay, type Redaction } from '../shared/draw';
import { LiveStats, type Stage, type StatsSnapshot } from './live-stats';
import { sampleTensors } from './tensor-sampler';
import { PhotoPath } from './photo-path';
import { autoMode, markScale, type CountState, type ModeChoice, type Source } from './session-shared';
import { snapshotPng } from './snapshot';

export { autoMode, type CountState, type ModeChoice, type Source } from './session-shared';

/** Stats reach the page at most this often; the canvas itself updates every frame. */
const STATS_INTERVAL_MS = 250;

const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export class FaceSession {
  readonly source = signal<Source>('none');
  readonly camera = signal<'off' | 'starting' | 'on'>('off');
  readonly facing = signal<Facing>('user');
  readonly cameraError = signal<AppError | null>(null);
  readonly photoError = signal<AppError | null>(null);
  readonly modelError = signal<string | null>(null);
  readonly loading = signal<string | null>(null);
  readonly working = signal(false);
  readonly faceCount = signal<number | null>(null);
  readonly boxes = signal('[]');
  /** Bumped for each camera start: the overlay canvas is new each time (it moves to the worker). */
  readonly liveKey = signal(0);
  /** Where the live pipeline runs: entirely in the worker, or fed frame by frame from the page. */
  readonly livePath = signal<FramePath | null>(null);
  /** Live tensors in the worker, sampled while the camera runs: it must not grow. */
  readonly tensors = signal<number | null>(null);
  readonly meshCount = signal(0);
  /** Frames (or photos) analysed so far: changes with every result, for observers. */
  readonly frames = signal(0);
  readonly backend = signal<Backend | null>(null);
  /** The backends tried before the one that runs, with the engine's reason (empty: none). */
  readonly fellBack = signal('');
  /** Automatic mode: why the detector's backend came first (measured times, or the quick hint). */
  readonly chosenBecause = signal('');
  /** WebAssembly threads the detector runs with (null: not on the wasm backend). */
  readonly threads = signal<number | null>(null);
  readonly stats = signal<StatsSnapshot | null>(null);

  readonly countState = computed<CountState>(() => {
    if (this.working.value || this.camera.value === 'starting') return 'working';
    if (this.faceCount.value !== null) return 'done';
    if (this.photoError.value || this.cameraError.value || this.modelError.value) return 'error';
    return this.camera.value === 'on' ? 'working' : 'idle';
  });

  readonly redaction = signal<Redaction>('none');
  readonly blurStyle = signal<Exclude<Redaction, 'none'>>('blur');
  readonly mesh = signal(false);
  readonly mode = signal<ModeChoice>('auto');
  readonly threshold = signal<number | null>(null);

  /** The photo's canvas (picture and marks). */
  canvas: HTMLCanvasElement | null = null;
  /** The live view: the video element and the overlay canvas over it. */
  video: HTMLVideoElement | null = null;
  overlay: HTMLCanvasElement | null = null;

  private stream: MediaStream | null = null;
  private loop: AbortController | null = null;
  /** Ends the frame feed of the worker's live loop. */
  private feed: AbortController | null = null;
  private pump: FramePumpStats | null = null;
  private live = new LiveStats();
  private lastStatsAt = 0;
  /** Set once the page has left: late answers are dropped. */
  disposed = false;
  private readonly photos = new PhotoPath(this);
  readonly photoInfo = this.photos.info;
  private readonly ready = new Map<string, { detector: ModelHandle; mesh?: ModelHandle }>();

  effectiveMode(): FaceMode {
    return this.modeFor(this.source.value);
  }

  /**
   * The camera's detector mode. Camera work that was awaiting something asks for this, not
   * effectiveMode(): a page left meanwhile has set the source back to 'none', whose auto mode
   * (full range) would load a detector nobody asked for.
   */
  cameraMode(): FaceMode {
    return this.modeFor('camera');
  }

  private modeFor(source: Source): FaceMode {
    const choice = this.mode.value;
    return choice === 'auto' ? autoMode(source, this.facing.value) : choice;
  }

  async models(mode: FaceMode): Promise<{ detector: ModelHandle; mesh?: ModelHandle }> {
    const ids = [FACE_MODEL_IDS[mode], ...(this.mesh.value ? [FACE_MODEL_IDS.mesh] : [])];
    const key = ids.join('+');
    const ready = this.ready.get(key);
    if (ready) return ready;
    this.loading.value = `Loading ${ids.join(' and ')}…`;
    try {
      const [detector, mesh] = await Promise.all(ids.map((id) => loadModel(id)));
      this.modelError.value = null;
      const models = { detector: detector!, mesh };
      this.fellBack.value = detector!.info.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
      this.chosenBecause.value = detector!.info.chosenBecause ?? '';
      this.threads.value = detector!.info.threads ?? null;
      this.ready.set(key, models);
      return models;
    } catch (error) {
      this.modelError.value = `The face model could not load: ${errorMessage(error)}`;
      throw error;
    } finally {
      this.loading.value = null;
    }
  }

  options(mode: FaceMode = this.effectiveMode()) {
    return { mode, scoreThreshold: this.threshold.value ?? undefined };
  }

  show(result: Pick<FaceResult, 'faces' | 'meshes'> & { backend: Backend }): void {
    batch(() => {
      this.meshCount.value = result.meshes?.length ?? 0;
      this.faceCount.value = result.faces.length;
      this.boxes.value = JSON.stringify(
        result.faces.map((f) =>
          [f.box.x, f.box.y, f.box.width, f.box.height, f.score].map((v) => +v.toFixed(3)),
        ),
      );
      this.backend.value = result.backend;
      this.working.value = false;
      this.frames.value += 1;
    });
  }

  /**
   * Starts the worker and loads the camera's detector in the background, so that "Start camera"
   * finds it ready: called when the page opens, and as the camera starts (loads are shared, so
   * this costs nothing twice). A failure is left for the start itself to report.
   */
  warmUp(facing: Facing = this.facing.value): void {
    void loadModel(FACE_MODEL_IDS[autoMode('camera', facing)]).catch(() => undefined);
  }

  // ---- camera ----

  async startCamera(facing: Facing = this.facing.value): Promise<void> {
    markStartup('camera-asked');
    // The detector loads while the camera opens, not after.
    this.warmUp(facing);
    this.stopCamera();
    this.photos.clear();
    batch(() => {
      this.facing.value = facing;
      this.source.value = 'camera';
      this.camera.value = 'starting';
      this.cameraError.value = null;
      this.faceCount.value = null;
    });
    try {
      const stream = await openCamera(facing);
      markStartup('camera-open');
      if (this.disposed || this.camera.value !== 'starting') {
        stopStream(stream);
        return;
      }
      this.stream = stream;
      const video = this.video!;
      video.srcObject = stream;
      await video.play();
      markStartup('video-playing');
      // Stopped (or the page left) while the video started: load nothing for a camera that is off.
      if (this.stream !== stream) return;
      const settings = stream.getVideoTracks()[0]?.getSettings();
      if (settings?.facingMode === 'environment' || settings?.facingMode === 'user')
        this.facing.value = settings.facingMode;
      const models = await this.models(this.cameraMode());
      markStartup('models-ready');
      if (this.stream !== stream) return;
      this.live = new LiveStats();
      this.liveKey.value += 1;
      await nextPaint();
      const path = await framePath(inference());
      // Stopped meanwhile: a loop started now would be one that stopCamera() never stops.
      if (this.stream !== stream) return;
      if (path !== 'pump' && this.overlay) {
        // Frames go straight to the worker, which also draws the overlay: no page work per frame.
        this.feed = new AbortController();
        // Sized to the frames before it moves: the first frame's drawing does not resize it.
        this.overlay.width = video.videoWidth || this.overlay.width;
        this.overlay.height = video.videoHeight || this.overlay.height;
        const canvas = this.overlay.transferControlToOffscreen();
        await inference().startLive(
          models.detector,
          cameraFeed(path, stream.getVideoTracks()[0]!, video, this.feed.signal),
          canvas,
          { ...this.liveOptions(), mesh: models.mesh },
          (report) => this.onReport(report),
          (error) => {
            if (error && this.stream === stream) this.modelError.value = `The live view stopped: ${error}`;
          },
        );
        this.livePath.value = path;
      } else {
        // No processor anywhere: the page pumps frames and draws the overlay itself.
        this.loop = new AbortController();
        this.pump = pumpFrames(
          video,
          (frame) => this.processFrame(frame, this.loop!.signal),
          this.loop.signal,
          (error) => this.frameFailed(error),
        );
        this.livePath.value = 'pump';
      }
      markStartup('live-started');
      this.camera.value = 'on';
      sampleTensors(
        () => this.stream === stream,
        (tensors) => (this.tensors.value = tensors),
      );
    } catch (error) {
      this.stopCamera();
      batch(() => {
        this.source.value = 'none';
        if (error instanceof AppError && error.code.startsWith('camera/')) this.cameraError.value = error;
        else if (!this.modelError.value) this.modelError.value = errorMessage(error);
      });
    }
  }

  /** Stops the loop and every camera track. */
  stopCamera(): void {
    this.loop?.abort();
    this.loop = null;
    this.feed?.abort();
    this.feed = null;
    if (this.livePath.value === 'stream' || this.livePath.value === 'track')
      void inference()
        .stopLive()
        .catch(() => undefined);
    this.livePath.value = null;
    stopStream(this.stream);
    this.stream = null;
    if (this.video) this.video.srcObject = null;
    if (this.camera.value !== 'off') this.camera.value = 'off';
    if (this.source.value === 'camera') this.source.value = 'none';
  }

  private liveOptions() {
    return {
      ...this.options(this.cameraMode()),
      redaction: this.redaction.value,
      mirror: this.facing.value === 'user',
      markScale: markScale(this.video?.videoWidth, this.video?.clientWidth),
    };
  }

  /** Options changed: the worker's live loop takes them from its next frame. */
  async optionsChanged(): Promise<void> {
    if (this.livePath.value === null || this.livePath.value === 'pump') return;
    try {
      const { detector, mesh } = await this.models(this.cameraMode());
      await inference().updateLive(detector, { ...this.liveOptions(), mesh });
    } catch (error) {
      this.frameFailed(error);
    }
  }

  private onReport(report: LiveReport): void {
    if (this.camera.value === 'off') return;
    if (this.live.frames === 0) {
      const { pre, model, post, draw } = report.timings;
      const drawnAt = report.drawnAt - performance.timeOrigin;
      markStartup('first-frame', { endToEnd: report.endToEnd, pre, model, post, draw, drawnAt });
    }
    this.show(report);
    this.record(report.timings, report.endToEnd, performance.now(), report.dropped);
  }

  /** Adds one frame to the live stats; the page sees them at most every STATS_INTERVAL_MS. */
  private record(
    stages: Partial<Record<Stage, number>>,
    endToEnd: number,
    now: number,
    dropped: number,
  ): void {
    this.live.add(stages, endToEnd, now);
    if (now - this.lastStatsAt > STATS_INTERVAL_MS) {
      this.lastStatsAt = now;
      this.stats.value = this.live.snapshot(now, dropped);
    }
  }

  private frameFailed(error: unknown): void {
    if (isAbortError(error)) return;
    this.modelError.value = `A frame could not be analysed: ${errorMessage(error)}`;
  }

  private async processFrame(pumped: PumpedFrame, signal: AbortSignal): Promise<void> {
    const { frame, capturedAt, captureMs } = pumped;
    // The analysed frame is kept only while privacy blur needs its pixels for the patches.
    const redaction = this.redaction.value;
    let keep: Frame | null = null;
    try {
      if (redaction !== 'none') keep = await copyFrame(frame);
      if (signal.aborted) return;
      const mode = this.cameraMode();
      const { detector, mesh } = await this.models(mode);
      const result = await inference().detectFaces(
        detector,
        frame,
        { ...this.options(mode), mesh },
        { signal },
      );
      if (signal.aborted || !this.overlay) return;
      const drawStarted = performance.now();
      drawOverlay(
        this.overlay.getContext('2d')!,
        keep ?? this.video!,
        result.width,
        result.height,
        result.faces,
        {
          mirror: this.facing.value === 'user',
          redaction: keep ? redaction : 'none',
          meshes: result.meshes,
          markScale: markScale(result.width, this.video?.clientWidth),
        },
      );
      const done = performance.now();
      this.show(result);
      this.record(
        { capture: captureMs, ...result.timings, mesh: result.timings.mesh ?? 0, draw: done - drawStarted },
        done - capturedAt,
        done,
        this.pump?.dropped ?? 0,
      );
    } finally {
      keep?.close();
    }
  }

  // ---- photos (./photo-path.ts) ----

  /** Decodes and analyses a photo in the worker, then draws it with its faces. */
  async openPhoto(file: File): Promise<void> {
    this.stopCamera();
    await this.photos.open(file);
  }

  /** Draws the current photo again (after a blur or mesh change). */
  redrawPhoto(): void {
    this.photos.redraw();
  }

  /** Options that change the analysis run it again on the photo; others just redraw. */
  async reanalyse(): Promise<void> {
    if (this.source.value === 'photo') await this.photos.reanalyse();
  }

  /**
   * A PNG of the current picture with every face blurred (or pixelated), without the overlay.
   * For the camera, a fresh frame is taken and analysed so the blur matches it exactly.
   */
  snapshot(): Promise<Blob | null> {
    return snapshotPng(this, this.photos.current);
  }

  dispose(): void {
    this.disposed = true;
    this.stopCamera();
    this.photos.clear();
  }
}
