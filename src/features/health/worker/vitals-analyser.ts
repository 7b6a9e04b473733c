/**
 * One heart-rate measurement, frame by frame: BlazeFace finds the face, FaceMesh outlines the
 * forehead and cheeks (or, when the mesh is not confident, rectangles are placed on the
 * detector box), the patches' mean colour is read from the frame's own bytes, and the
 * tracker turns the colour series into a heart rate (POS) and the face's height into a
 * breathing rate.
 */
import type { Context } from '../../face/shared/draw';
import type { Box, Point } from '../../face/shared/types';
import { detectFaces, faceMeshes, type ModelRunner } from '../../face/worker/detect-faces';
import { readFrameBytes, frameSize } from '../../face/worker/pixels';
import { boxSkinRegions, skinRegions } from '../../face/worker/skin-regions';
import type { Backend } from '../../../shared/backends';
import { drawSkinRegions } from '../shared/draw';
import type { HealthViewOptions, HeartRateResult, SkinRegionSource, VitalsReport } from '../shared/types';
import { regionColour } from './region-colour';
import { VitalsTracker } from './vitals-tracker';

/** Below this FaceMesh face-flag score the mesh is not trusted and the box regions are used. */
export const MESH_MIN_SCORE = 0.5;
/** Seconds of pulse waveform sent to the page per report. */
export const PULSE_SECONDS = 5;
/** FaceMesh runs on one frame in this many at most; between, its patches follow the detector box. */
export const MESH_EVERY_FRAMES = 10;
/** A face that moves or scales by more than this fraction of its width gets a new mesh at once. */
export const MESH_FOLLOW_LIMIT = 0.15;
/** Moves and scalings under this fraction are detector jitter: the patches stay where they are. */
export const MESH_STILL_LIMIT = 0.04;
/** The face detector runs on one frame in this many while a face is in view (every frame while none is). */
export const DETECT_EVERY_FRAMES = 3;
/** The heart rate is estimated on one frame in this many (10 updates a second at 30 fps). */
export const ESTIMATE_EVERY_FRAMES = 3;

export interface VitalsModels {
  detector: number;
  /** FaceMesh; without it the regions are placed on the detector box. */
  mesh?: number;
}

interface Regions {
  polygons: Point[][];
  source: SkinRegionSource;
  /** The face's vertical position in the frame: the mean height of the detector's keypoints. */
  height: number;
}

/** The newest mesh patches, the detector box they were found in, and frames since. */
interface Meshed {
  polygons: Point[][];
  box: Box;
  frames: number;
}

/**
 * The mesh patches carried to a new frame without running FaceMesh again, or null when the
 * mesh is due (every MESH_EVERY_FRAMES frames, or when the face moved or scaled by more than
 * MESH_FOLLOW_LIMIT of its size). Moves under MESH_STILL_LIMIT are the detector's own jitter:
 * the patches stay put, so they do not slide over the skin's texture. Larger ones shift and
 * scale the patches with the box.
 */
export function followBox(meshed: Meshed, box: Box): Point[][] | null {
  const before = meshed.box;
  const dx = box.x + box.width / 2 - (before.x + before.width / 2);
  const dy = box.y + box.height / 2 - (before.y + before.height / 2);
  const scale = box.width / before.width;
  const moved = Math.hypot(dx, dy) / before.width;
  meshed.frames += 1;
  if (
    meshed.frames >= MESH_EVERY_FRAMES ||
    moved > MESH_FOLLOW_LIMIT ||
    Math.abs(scale - 1) > MESH_FOLLOW_LIMIT
  )
    return null;
  if (moved < MESH_STILL_LIMIT && Math.abs(scale - 1) < MESH_STILL_LIMIT) return meshed.polygons;
  const cx = before.x + before.width / 2;
  const cy = before.y + before.height / 2;
  const move = ([x, y]: Point): Point => [cx + dx + (x - cx) * scale, cy + dy + (y - cy) * scale];
  meshed.polygons = meshed.polygons.map((polygon) => polygon.map(move));
  meshed.box = box;
  return meshed.polygons;
}

export class VitalsAnalyser {
  private readonly tracker = new VitalsTracker();
  private meshed: Meshed | null = null;
  private last: Regions | null = null;
  private heart: HeartRateResult | null = null;
  private frames = 0;

  constructor(
    private readonly run: ModelRunner,
    private readonly models: VitalsModels,
    private readonly backend: () => Backend,
  ) {}

  /** The face's skin patches in this frame, or null when there is no face. */
  private async regions(frame: VideoFrame, timings: { face: number; mesh: number }): Promise<Regions | null> {
    const started = performance.now();
    const { faces } = await detectFaces(this.run, this.models.detector, frame, {
      mode: 'short',
      maxFaces: 1,
    });
    const face = faces[0];
    const detected = performance.now();
    timings.face = detected - started;
    if (!face) {
      this.meshed = null;
      return null;
    }
    // Breathing lifts and lowers the head a little: the keypoints' mean height follows it.
    const height = face.keypoints.reduce((sum, [, y]) => sum + y, 0) / face.keypoints.length;
    const followed = this.meshed && followBox(this.meshed, face.box);
    if (followed) return { polygons: followed, source: 'mesh', height };
    if (this.models.mesh !== undefined) {
      const [mesh] = await faceMeshes(this.run, this.models.mesh, frame, [face]);
      timings.mesh = performance.now() - detected;
      if (mesh && mesh.score >= MESH_MIN_SCORE) {
        const { forehead, leftCheek, rightCheek } = skinRegions(mesh.landmarks);
        const polygons = [forehead, leftCheek, rightCheek];
        this.meshed = { polygons, box: face.box, frames: 0 };
        return { polygons, source: 'mesh', height };
      }
    }
    this.meshed = null;
    const { forehead, leftCheek, rightCheek } = boxSkinRegions(face.box);
    return { polygons: [forehead, leftCheek, rightCheek], source: 'box', height };
  }

  /** Analyses one frame, draws its patches on `ctx`, and returns the report. */
  async frame(
    frame: VideoFrame,
    ctx: Context,
    view: HealthViewOptions,
    dropped: number,
  ): Promise<VitalsReport> {
    const started = performance.now();
    const timings = { face: 0, mesh: 0, rppg: 0, draw: 0, total: 0 };
    this.frames += 1;
    // A face found a moment ago is still there: between detections its patches stay put.
    const detect = !this.last || this.frames % DETECT_EVERY_FRAMES === 0;
    const regions = detect ? await this.regions(frame, timings) : this.last;
    this.last = regions;
    const rppgStarted = performance.now();
    const t = frame.timestamp / 1000;
    // On a detection frame the detector has read the bytes already: this returns that one copy.
    const colour = regions ? regionColour(await readFrameBytes(frame), regions.polygons) : null;
    this.tracker.add(t, colour, regions && detect ? regions.height : null);
    if (!this.heart || this.frames % ESTIMATE_EVERY_FRAMES === 0) this.heart = this.tracker.heartRate();
    const heart = this.heart;
    const breathing = this.tracker.breathingRate(t);
    const drawStarted = performance.now();
    timings.rppg = drawStarted - rppgStarted;
    const { width, height } = frameSize(frame);
    drawSkinRegions(ctx, width, height, regions?.polygons ?? [], regions?.source === 'mesh', view);
    timings.draw = performance.now() - drawStarted;
    timings.total = performance.now() - started;
    const { pulse, pulseRateHz, ...heartRest } = heart;
    const { waveform: _waveform, waveformRateHz: _rate, ...breathingRest } = breathing;
    return {
      face: regions !== null,
      regions: regions?.source ?? null,
      heart: heartRest,
      pulse: Array.from(pulse.subarray(Math.max(0, pulse.length - Math.round(PULSE_SECONDS * pulseRateHz)))),
      pulseRateHz,
      breathing: { ...breathingRest, method: 'face-motion' },
      frameRateHz: this.tracker.frameRate(),
      timings,
      dropped,
      backend: this.backend(),
    };
  }
}
