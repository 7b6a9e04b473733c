/**
 * Workout clips for Chromium's fake camera: a shaded figure (body-figure.ts) with the one-man
 * photo's face, posed from a keyframed skeleton (body-pose.ts) doing squats or jumping jacks at
 * a known count, in a furnished room, with sensor noise and a frame counter. Tempo, depth and
 * pauses vary from rep to rep; each clip starts and ends standing still, so a looped clip
 * shows no seam mid-rep. One headless Chromium paints the frames; skipped when an index with
 * the same inputs hash is already on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from '../e2e/browser';
import { PROJECT_ROOT } from '../e2e/helpers';
import { figureDrawing, type FigureDrawing } from './body-figure';
import { paintFrame, setUpPage, type Shadow } from './body-paint';
import {
  effortAt,
  jackSkeleton,
  project,
  squatSkeleton,
  timelineSeconds,
  type Idle,
  type Skeleton,
  type Timeline,
  type View,
} from './body-pose';
import { FACE_MEDIA_DIR, readPhotoSpecs } from './face-media';
import { drawFrameCode, FRAME_CODE, normalSource } from './pulse-signal';
import { cropImage } from './render';
import { Y4mWriter } from './y4m';

/** Specs read the frame counter to know where in the clip the camera is. */
export { FRAME_CODE } from './pulse-signal';

export const BODY_MEDIA_DIR = join(FACE_MEDIA_DIR, 'body');
const INDEX_FILE = 'index.json';
/** Bump to regenerate when the output changes in a way the hashed sources miss. */
const MEDIA_VERSION = 1;
const GENERATOR_SOURCES = [
  'body-media.ts',
  'body-pose.ts',
  'body-figure.ts',
  'body-paint.ts',
  'pulse-signal.ts',
  'render.ts',
  'y4m.ts',
].map((f) => join(import.meta.dirname, f));

export type BodyExercise = 'squat' | 'jumping-jack';

/** 4:3 at 30 fps, like a webcam; MoveNet sees the frame at 192 px across anyway. */
const VIDEO = { width: 320, height: 240, fps: 30 } as const;
/** The face on the head: the one-man crop of photos.json, its face oval (crop pixels) fitted to the head. */
const FACE = { from: 'one-man', oval: { cx: 74, cy: 67.5, rx: 39, ry: 43 } } as const;
/** Sensor noise σ per pixel and channel (8-bit levels), and its seed. */
const NOISE = { sigma: 3, seed: 0xb0d1 } as const;

/** How a rep's time splits: going out (down, open), holding, coming back; the rest is still. */
type RepShape = { out: number; hold: number; back: number };

interface ClipSpec {
  name: string;
  exercise: BodyExercise;
  view: View;
  timeline: Timeline;
  shape: RepShape;
  /** The deepest squat's knee angle, or the arms' highest abduction (degrees), at amount 1. */
  extremeDeg: number;
  /** Jumping jacks: feet this far from the midline (m) at amount 1. */
  feetApart: number;
}

/**
 * Six squats, side-on and turned a little towards the camera, 2.0–2.8 s each; the shallowest
 * bottoms out near 88° at the knee, the deepest at 72°.
 */
const SQUATS: ClipSpec = {
  name: 'squats-6',
  exercise: 'squat',
  view: { yawDeg: 70, scale: 108, floorX: 150, floorY: 228 },
  timeline: {
    leadSeconds: 2,
    reps: [
      { seconds: 2.4, amount: 1, pauseAfter: 0.6 },
      { seconds: 2.0, amount: 0.9, pauseAfter: 0.9 },
      { seconds: 2.8, amount: 0.95, pauseAfter: 0.4 },
      { seconds: 2.2, amount: 0.85, pauseAfter: 0.7 },
      { seconds: 2.6, amount: 1, pauseAfter: 0.5 },
      { seconds: 2.1, amount: 0.9, pauseAfter: 0 },
    ],
    tailSeconds: 2,
  },
  shape: { out: 0.42, hold: 0.1, back: 0.43 },
  extremeDeg: 72,
  feetApart: 0,
};

/** Eight jumping jacks facing the camera, 1.3–1.8 s each, arms 150–165° at the top. */
const JUMPING_JACKS: ClipSpec = {
  name: 'jumping-jacks-8',
  exercise: 'jumping-jack',
  view: { yawDeg: 8, scale: 92, floorX: 162, floorY: 226 },
  timeline: {
    leadSeconds: 2,
    reps: [
      { seconds: 1.5, amount: 1, pauseAfter: 0.2 },
      { seconds: 1.3, amount: 0.92, pauseAfter: 0 },
      { seconds: 1.7, amount: 0.96, pauseAfter: 0.3 },
      { seconds: 1.4, amount: 1, pauseAfter: 0.1 },
      { seconds: 1.6, amount: 0.9, pauseAfter: 0 },
      { seconds: 1.3, amount: 0.95, pauseAfter: 0.2 },
      { seconds: 1.5, amount: 1, pauseAfter: 0.1 },
      { seconds: 1.8, amount: 0.93, pauseAfter: 0 },
    ],
    tailSeconds: 2,
  },
  shape: { out: 0.33, hold: 0.17, back: 0.33 },
  extremeDeg: 165,
  feetApart: 0.45,
};

const CLIPS = [SQUATS, JUMPING_JACKS] as const;

export interface BodyVideo {
  name: string;
  exercise: BodyExercise;
  /** The true number of reps in one pass of the clip. */
  reps: number;
  path: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
  /** Standing still at the start and at the end of the clip, seconds. */
  leadSeconds: number;
  tailSeconds: number;
}

export interface BodyMedia {
  dir: string;
  videos: BodyVideo[];
}

interface BodyIndex {
  hash: string;
  media: BodyMedia;
}

/** The figure's small movements while it stands: a slow sideways sway and a little arm swing. */
function idleAt(t: number): Idle {
  return {
    shift: 0.03 * Math.sin((2 * Math.PI * t) / 7.3) + 0.01 * Math.sin((2 * Math.PI * t) / 2.9),
    armSwing: 3 * Math.sin((2 * Math.PI * t) / 3.1),
  };
}

/** The skeleton of a clip at time t (seconds). */
export function clipSkeleton(clip: ClipSpec, t: number): Skeleton {
  const { effort } = effortAt(clip.timeline, t, clip.shape);
  return clip.exercise === 'squat'
    ? squatSkeleton(effort, clip.extremeDeg, idleAt(t))
    : jackSkeleton(effort, clip.extremeDeg, clip.feetApart, idleAt(t));
}

function frameDrawing(clip: ClipSpec, t: number): FigureDrawing {
  return figureDrawing(project(clipSkeleton(clip, t), clip.view), clip.view.scale, clip.view.yawDeg);
}

function inputsHash(faceAsset: Buffer): string {
  const hash = createHash('sha256').update(`body media v${MEDIA_VERSION}\n`);
  hash.update(JSON.stringify({ VIDEO, FACE, NOISE, CLIPS, FRAME_CODE }));
  hash.update(faceAsset);
  for (const source of GENERATOR_SOURCES) hash.update(readFileSync(source));
  return hash.digest('hex');
}

/** The contact shadow under the feet, on the floor whatever the body does. */
function shadowOf(clip: ClipSpec, skeleton: Skeleton): Shadow {
  const p = project(skeleton, clip.view);
  const spread = Math.abs(p.leftAnkle.x - p.rightAnkle.x) / 2;
  return {
    x: (p.leftAnkle.x + p.rightAnkle.x + p.leftToe.x + p.rightToe.x) / 4,
    y: clip.view.floorY + 0.02 * clip.view.scale,
    rx: spread + 0.3 * clip.view.scale,
    ry: 0.06 * clip.view.scale,
  };
}

function videoOf(dir: string, clip: ClipSpec): BodyVideo {
  const { width, height, fps } = VIDEO;
  return {
    name: clip.name,
    exercise: clip.exercise,
    reps: clip.timeline.reps.length,
    path: join(dir, `${clip.name}.y4m`),
    width,
    height,
    fps,
    frames: Math.round(timelineSeconds(clip.timeline) * fps),
    leadSeconds: clip.timeline.leadSeconds,
    tailSeconds: clip.timeline.tailSeconds,
  };
}

/** Paints a clip frame by frame, adds sensor noise and the frame counter, and writes it. */
async function writeClip(page: Page, clip: ClipSpec, video: BodyVideo): Promise<void> {
  const { width, height, fps } = VIDEO;
  if (video.frames >= 1 << FRAME_CODE.bits) {
    throw new RangeError(
      `${clip.name} has ${video.frames} frames; the frame counter holds ${1 << FRAME_CODE.bits}.`,
    );
  }
  const noise = new Float32Array(width * height * 3);
  const fillNoise = normalSource(NOISE.seed);
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const writer = new Y4mWriter(video.path, width, height, fps);
  try {
    for (let frame = 0; frame < video.frames; frame++) {
      const t = frame / fps;
      const skeleton = clipSkeleton(clip, t);
      const drawing = frameDrawing(clip, t);
      const rgb = await paintFrame(page, width, height, drawing, shadowOf(clip, skeleton), FACE.oval);
      fillNoise(noise, NOISE.sigma);
      for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
        // Uint8Array truncates: + 0.5 rounds; clamping keeps each value a byte.
        rgba[i] = Math.min(255, Math.max(0, rgb[j]! + noise[j]! + 0.5));
        rgba[i + 1] = Math.min(255, Math.max(0, rgb[j + 1]! + noise[j + 1]! + 0.5));
        rgba[i + 2] = Math.min(255, Math.max(0, rgb[j + 2]! + noise[j + 2]! + 0.5));
      }
      drawFrameCode(rgba, width, frame);
      writer.writeFrame(rgba);
    }
  } finally {
    await writer.close();
  }
}

function withPaths(dir: string, media: BodyMedia, toAbsolute: boolean): BodyMedia {
  return {
    dir: toAbsolute ? dir : '.',
    videos: media.videos.map((v) => ({ ...v, path: toAbsolute ? join(dir, v.path) : relative(dir, v.path) })),
  };
}

function readIndex(dir: string): BodyIndex | null {
  const file = join(dir, INDEX_FILE);
  if (!existsSync(file)) return null;
  const index = JSON.parse(readFileSync(file, 'utf8')) as BodyIndex;
  return { hash: index.hash, media: withPaths(dir, index.media, true) };
}

/** Makes the workout clips under `dir`, or reuses what an earlier run made from the same inputs. */
export async function prepareBodyMedia(dir: string = BODY_MEDIA_DIR): Promise<BodyMedia> {
  const outDir = resolve(dir);
  const spec = readPhotoSpecs().find((s) => s.name === FACE.from);
  if (!spec)
    throw new Error(`tests/fixtures/face/photos.json has no ${FACE.from} entry for the figure's face.`);
  const asset = join(PROJECT_ROOT, spec.asset);
  const hash = inputsHash(readFileSync(asset));
  const existing = readIndex(outDir);
  if (existing?.hash === hash && existing.media.videos.every((v) => existsSync(v.path)))
    return existing.media;

  mkdirSync(outDir, { recursive: true });
  // No index while clips are half written: a failed run must not look finished.
  rmSync(join(outDir, INDEX_FILE), { force: true });
  const media: BodyMedia = { dir: outDir, videos: CLIPS.map((clip) => videoOf(outDir, clip)) };
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage();
    await setUpPage(page, VIDEO.width, VIDEO.height, await cropImage(page, asset, spec.crop));
    for (const [i, clip] of CLIPS.entries()) await writeClip(page, clip, media.videos[i]!);
  } finally {
    await browser.close();
  }
  const index: BodyIndex = { hash, media: withPaths(outDir, media, false) };
  writeFileSync(join(outDir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  return media;
}

/** For specs: the clips global setup made, with absolute paths. */
export function bodyMedia(dir: string = BODY_MEDIA_DIR): BodyMedia {
  const index = readIndex(resolve(dir));
  if (!index) {
    throw new Error(
      `No workout clips in ${dir}. Run the tests through \`npx playwright test\` so global setup makes them.`,
    );
  }
  return index.media;
}
