/**
 * One heart-rate measurement, frame by frame: BlazeFace finds the face, FaceMesh outlines the
 * forehead and cheeks (or, when the mesh is not confident, rectangles are placed on the
 * detector box) and many small skin patches are placed inside them; between two meshes a
 * Lucas–Kanade tracker moves the patches with the skin on every frame. Each patch's mean
 * colour is read from the frame's own bytes, and the tracker turns the patches' colours into
 * a heart rate (POS per patch, fused by an SNR-weighted vote) and the face's height into a
 * breathing rate.
 *
 * When the patches are placed afresh, each one's colour is read at its old and its new place
 * on the same frame and the difference is carried forward, so a new mesh adds no step to the
 * patch's series (the re-detection correction of prouast/heartbeat).
 */
import type { Context } from '../../face/shared/draw';
import type { Box, FaceDetection, Point } from '../../face/shared/types';
import { detectFaces, faceMeshes, type ModelRunner } from '../../face/worker/detect-faces';
import type { FrameBytes } from '../../face/worker/frame-bytes';
import { readFrameBytes, frameSize } from '../../face/worker/pixels';
import { boxSkinRegions, skinRegions } from '../../face/worker/skin-regions';
import type { Backend } from '../../../shared/backends';
import { drawSkinRegions } from './draw';
import type { HealthViewOptions, HeartRateResult, SkinRegionSource, VitalsReport } from '../shared/types';
import { FaceTrack, IDENTITY, type Similarity } from './face-track';
import { regionColour } from './region-colour';
import { boundsOf, movePatches, skinPatches } from './skin-patches';
import { VitalsTracker } from './vitals-tracker';

/** Below this FaceMesh face-flag score the mesh is not trusted and the box regions are used. */
export const MESH_MIN_SCORE = 0.5;
/** Seconds of pulse waveform sent to the page per report. */
export const PULSE_SECONDS = 5;
/** FaceMesh runs on one frame in this many; between, the tracker moves its patches. */
export const MESH_EVERY_FRAMES = 10;
/**
 * The tracked patches and the detector disagree by more than this fraction of the face's
 * width: the track has slipped, and the patches are placed afresh.
 */
export const TRACK_SLIP_LIMIT = 0.15;
/** The face detector runs on one frame in this many while a face is in view (every frame while none is). */
export const DETECT_EVERY_FRAMES = 3;
/** The heart rate is estimated on one frame in this many (5 updates a second at 30 fps). */
export const ESTIMATE_EVERY_FRAMES = 6;

export interface VitalsModels {
  detector: number;
  /** FaceMesh; without it the regions are placed on the detector box. */
  mesh?: number;
}

/** Patches placed on one key frame, and how the face has moved since. */
interface Placed {
  /** In the key frame's coordinates. */
  patches: Point[][];
  source: SkinRegionSource;
  transform: Similarity;
  centre: readonly [number, number];
  /** The detector's box on the key frame. */
  box: Box;
  frames: number;
}

/** The patches' current polygons. */
function current(placed: Placed): Point[][] {
  return movePatches(placed.patches, placed.transform, placed.centre);
}

/** Each patch's mean colour (three values a patch; NaN for a patch outside the frame). */
export function patchColours(bytes: FrameBytes, patches: readonly (readonly Point[])[]): Float32Array {
  const rgb = new Float32Array(patches.length * 3);
  patches.forEach((patch, k) => {
    const colour = regionColour(bytes, [patch]);
    rgb[3 * k] = colour ? colour.r : Number.NaN;
    rgb[3 * k + 1] = colour ? colour.g : Number.NaN;
    rgb[3 * k + 2] = colour ? colour.b : Number.NaN;
  });
  return rgb;
}

/** Where the tracked face is: the key centre moved, plus the offset that keeps it continuous across keys. */
interface Position {
  x: number;
  y: number;
  logScale: number;
}

export class VitalsAnalyser {
  private readonly tracker = new VitalsTracker();
  private readonly track = new FaceTrack();
  private placed: Placed | null = null;
  /** Added to each patch's colour so re-placing the patches adds no step (three values a patch). */
  private offsets = new Float32Array(0);
  /** Added to the track's position so a new key adds no step to the motion series. */
  private base: Position = { x: 0, y: 0, logScale: 0 };
  private face: FaceDetection | null = null;
  private heart: HeartRateResult | null = null;
  private frames = 0;

  constructor(
    private readonly run: ModelRunner,
    private readonly models: VitalsModels,
    private readonly backend: () => Backend,
  ) {}

  private position(placed: Placed): Position {
    return {
      x: this.base.x + placed.centre[0] + placed.transform.dx,
      y: this.base.y + placed.centre[1] + placed.transform.dy,
      logScale: this.base.logScale + Math.log(placed.transform.scale),
    };
  }

  private lose(): void {
    this.placed = null;
    this.face = null;
    this.track.reset();
  }

  /** New patches from a mesh (or the box), carrying each patch's colour and the track across. */
  private async place(
    frame: VideoFrame,
    bytes: FrameBytes,
    face: FaceDetection,
    timings: { mesh: number },
  ): Promise<void> {
    let regions: Point[][] | null = null;
    let source: SkinRegionSource = 'box';
    if (this.models.mesh !== undefined) {
      const started = performance.now();
      const [mesh] = await faceMeshes(this.run, this.models.mesh, frame, [face]);
      timings.mesh = performance.now() - started;
      if (mesh && mesh.score >= MESH_MIN_SCORE) {
        const { forehead, leftCheek, rightCheek } = skinRegions(mesh.landmarks);
        regions = [forehead, leftCheek, rightCheek];
        source = 'mesh';
      }
    }
    if (!regions) {
      const { forehead, leftCheek, rightCheek } = boxSkinRegions(face.box);
      regions = [forehead, leftCheek, rightCheek];
    }
    const patches = skinPatches(regions);
    const before = this.placed;
    const next: Placed = {
      patches,
      source,
      transform: IDENTITY,
      centre: [0, 0],
      box: face.box,
      frames: 0,
    };
    const bounds = boundsOf(patches);
    if (!this.track.setKey(bytes, bounds)) {
      // No texture to follow (a blank frame): measure where the patches are, and try again next frame.
      this.track.reset();
    }
    next.centre = this.track.centre ?? [(bounds.x0 + bounds.x1) / 2, (bounds.y0 + bounds.y1) / 2];
    if (before && before.patches.length === patches.length) {
      // The same patches, a little elsewhere: read both places on this frame and keep the series continuous.
      const old = patchColours(bytes, current(before));
      const now = patchColours(bytes, patches);
      for (let i = 0; i < old.length; i += 1) {
        const step = old[i]! - now[i]!;
        if (Number.isFinite(step)) this.offsets[i]! += step;
      }
      const was = this.position(before);
      this.base = {
        x: was.x - next.centre[0],
        y: was.y - next.centre[1],
        logScale: was.logScale,
      };
    } else {
      this.offsets = new Float32Array(patches.length * 3);
      this.base = { x: 0, y: 0, logScale: 0 };
    }
    this.placed = next;
  }

  /** Finds the face (on detection frames), follows or places the patches, and returns them. */
  private async follow(
    frame: VideoFrame,
    bytes: () => Promise<FrameBytes>,
    timings: { face: number; mesh: number },
  ) {
    const placed = this.placed;
    let detected: { box: Box; height: number } | null = null;
    const detect = !placed || this.frames % DETECT_EVERY_FRAMES === 0;
    if (detect) {
      const started = performance.now();
      const { faces } = await detectFaces(this.run, this.models.detector, frame, {
        mode: 'short',
        maxFaces: 1,
      });
      timings.face = performance.now() - started;
      const face = faces[0];
      if (!face) {
        this.lose();
        return null;
      }
      // Breathing lifts and lowers the head a little: the keypoints' mean height follows it.
      detected = {
        box: face.box,
        height: face.keypoints.reduce((sum, [, y]) => sum + y, 0) / face.keypoints.length,
      };
      this.face = face;
    }
    const data = await bytes();
    let due = !placed || placed.frames + 1 >= MESH_EVERY_FRAMES;
    if (placed) {
      placed.frames += 1;
      const result = this.track.hasKey ? this.track.track(data) : null;
      if (result?.ok) placed.transform = result.transform;
      else due = true;
      if (detected) {
        // The detector's box and the tracked patches must move together: the box centre's
        // shift since the key against the track's.
        const key = placed.box;
        const box = detected.box;
        const slip = Math.hypot(
          box.x + box.width / 2 - (key.x + key.width / 2) - placed.transform.dx,
          box.y + box.height / 2 - (key.y + key.height / 2) - placed.transform.dy,
        );
        if (slip > TRACK_SLIP_LIMIT * box.width) due = true;
      }
    }
    if (due && this.face) {
      if (!detected) {
        // Placing needs a fresh box: find the face on this frame.
        const started = performance.now();
        const { faces } = await detectFaces(this.run, this.models.detector, frame, {
          mode: 'short',
          maxFaces: 1,
        });
        timings.face = performance.now() - started;
        if (!faces[0]) {
          this.lose();
          return null;
        }
        this.face = faces[0];
      }
      await this.place(frame, data, this.face, timings);
    }
    return { placed: this.placed!, data, height: detected?.height ?? null };
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
    const t = frame.timestamp / 1000;
    // On a detection frame the detector has read the bytes already: this returns that one copy.
    const followed = await this.follow(frame, () => readFrameBytes(frame), timings);
    // The patches where they are on this frame: measured, then drawn.
    const patches = followed ? current(followed.placed) : [];
    if (followed) {
      const { placed, data, height } = followed;
      const rgb = patchColours(data, patches);
      for (let i = 0; i < rgb.length; i += 1) rgb[i]! += this.offsets[i] ?? 0;
      const faceWidth = placed.box.width * placed.transform.scale;
      this.tracker.add(t, { rgb, ...this.position(placed), faceWidth }, height);
    } else {
      this.tracker.add(t, null, null);
    }
    if (!this.heart || this.frames % ESTIMATE_EVERY_FRAMES === 0) this.heart = this.tracker.heartRate();
    const heart = this.heart;
    const breathing = this.tracker.breathingRate(t);
    const drawStarted = performance.now();
    // Everything but the face models and the drawing: tracking, patch colours and the estimates.
    timings.rppg = drawStarted - started - timings.face - timings.mesh;
    const { width, height } = frameSize(frame);
    drawSkinRegions(ctx, width, height, patches, followed?.placed.source === 'mesh', view);
    timings.draw = performance.now() - drawStarted;
    timings.total = performance.now() - started;
    const { pulse, pulseRateHz, ...heartRest } = heart;
    const { waveform: _waveform, waveformRateHz: _rate, ...breathingRest } = breathing;
    return {
      face: followed !== null,
      regions: followed?.placed.source ?? null,
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
