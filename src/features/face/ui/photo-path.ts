/**
 * The face demo's photo path: a photo decoded and analysed in the worker (never on the page),
 * drawn with its faces, drawn again when the look changes, analysed again when the analysis
 * options change. The count, the errors and the source are the session's signals, reached
 * through the host the session gives it (src/features/face/ui/face-session.ts).
 */
import { batch, signal, type Signal } from '@preact/signals';
import { inference } from '../../../runtime/models';
import type { ModelHandle } from '../../../runtime/inference-client';
import type { Backend } from '../../../shared/backends';
import { AppError, errorMessage } from '../../../shared/errors';
import { drawScene, type Redaction } from '../shared/draw';
import { emptyPhotoError } from '../shared/photo-errors';
import type { FaceMode, FaceResult } from '../shared/types';
import type { StatsSnapshot } from './live-stats';
import { markScale, type Source } from './session-shared';

/** What the photo path uses of its session. */
export interface PhotoHost {
  readonly source: Signal<Source>;
  readonly working: Signal<boolean>;
  readonly photoError: Signal<AppError | null>;
  readonly cameraError: Signal<AppError | null>;
  readonly faceCount: Signal<number | null>;
  readonly stats: Signal<StatsSnapshot | null>;
  readonly redaction: Signal<Redaction>;
  /** The photo's canvas (picture and marks), once the page has one. */
  readonly canvas: HTMLCanvasElement | null;
  readonly disposed: boolean;
  effectiveMode(): FaceMode;
  models(mode: FaceMode): Promise<{ detector: ModelHandle; mesh?: ModelHandle }>;
  options(): { mode: FaceMode; scoreThreshold?: number };
  show(result: Pick<FaceResult, 'faces' | 'meshes'> & { backend: Backend }): void;
}

export class PhotoPath {
  readonly info = signal<{ name: string; width: number; height: number; ms: number } | null>(null);
  private photo: { file: File; bitmap: ImageBitmap; result: FaceResult } | null = null;
  private run = 0;

  constructor(private readonly host: PhotoHost) {}

  /** The photo shown now and its faces, if any. */
  get current(): { bitmap: ImageBitmap; result: FaceResult } | null {
    return this.photo;
  }

  clear(): void {
    this.photo?.bitmap.close();
    this.photo = null;
    this.info.value = null;
  }

  /** Decodes and analyses a photo in the worker, then draws it with its faces. */
  async open(file: File): Promise<void> {
    const host = this.host;
    const run = ++this.run;
    batch(() => {
      host.source.value = 'photo';
      host.working.value = true;
      host.photoError.value = null;
      host.cameraError.value = null;
      host.stats.value = null;
    });
    try {
      // Refused at once: an empty file need not wait for the face model to load.
      if (file.size === 0) throw emptyPhotoError(file.name);
      const started = performance.now();
      const { detector, mesh } = await host.models(host.effectiveMode());
      const { result, bitmap, sourceWidth, sourceHeight } = await inference().detectPhoto(
        detector,
        file,
        file.name,
        { ...host.options(), tiles: host.effectiveMode() === 'full', mesh },
      );
      if (run !== this.run || host.disposed) {
        bitmap.close();
        return;
      }
      this.clear();
      this.photo = { file, bitmap, result };
      this.info.value = {
        name: file.name,
        width: sourceWidth,
        height: sourceHeight,
        ms: performance.now() - started,
      };
      this.redraw();
      host.show(result);
    } catch (error) {
      if (run !== this.run) return;
      // The stage no longer shows an earlier photo whose faces the count does not describe.
      this.clear();
      batch(() => {
        host.source.value = 'none';
        host.working.value = false;
        host.faceCount.value = null;
        if (error instanceof AppError && error.code.startsWith('image/')) host.photoError.value = error;
        else
          host.photoError.value = new AppError(
            'worker/failed',
            `The photo could not be analysed: ${errorMessage(error)}`,
          );
      });
    }
  }

  /** Draws the current photo again (after a blur or mesh change). */
  redraw(): void {
    const photo = this.photo;
    const canvas = this.host.canvas;
    if (!photo || !canvas) return;
    const { bitmap, result } = photo;
    // Shown at the stage's width: marks are sized for that, not for the photo's pixels.
    const shownWidth = canvas.parentElement?.clientWidth;
    drawScene(canvas.getContext('2d')!, bitmap, bitmap.width, bitmap.height, result.faces, {
      redaction: this.host.redaction.value,
      meshes: result.meshes,
      markScale: markScale(bitmap.width, shownWidth ? Math.min(shownWidth, bitmap.width * 4) : undefined),
    });
  }

  /** Analyses the current photo again (options that change the analysis). */
  async reanalyse(): Promise<void> {
    if (this.photo) await this.open(this.photo.file);
  }
}
