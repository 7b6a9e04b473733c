/**
 * Heart-rate clips of a person who moves, for Chromium's fake camera: the one-man photo
 * (photos.json) whose facial skin carries a pulse at a known rate (the amplitude and channel
 * model of pulse-signal.ts), then a head that sways, leans, turns, talks and blinks under
 * light that steps (face-warp.ts moves it). The pulse is put on the skin in the photo's own
 * pixels before the warp, so it moves with the skin. Sensor noise and the frame counter
 * (FRAME_CODE) are drawn last. Every periodic part completes whole cycles in the clip, so the
 * looped clip shows no seam. Made in typed arrays, one pass per scene; skipped when an index
 * with the same inputs hash is already on disk.
 *
 * Chromium's camera crops a 16:9 file to the 4:3 view the app asks for (640×480 ideal), so a
 * clip's face size is given as a fraction of that view's width, and its frame counter is
 * drawn inside the view.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { mulberry32 } from '../../src/features/health/worker/synthetic';
import { CHROMIUM_FLAGS, findChromium } from '../e2e/browser';
import { PROJECT_ROOT } from '../e2e/helpers';
import { headMap, WarpGrid, type HeadGeometry } from './face-warp';
import { FACE_MEDIA_DIR, readPhotoSpecs, type PhotoSpec } from './face-media';
import {
  assertLoops,
  blinkAt,
  lightAt,
  MOTION_CLIPS,
  poseAt,
  syllables,
  TALKING,
  TIMING,
  type MotionClipSpec,
} from './motion-clips';
import {
  boxBlur3,
  drawFrameCode,
  FRAME_CODE,
  normalSource,
  PULSE_RGB,
  pulseWave,
  ramp,
  skinScore,
  type PulseWaveConfig,
  type SkinConfig,
} from './pulse-signal';
import { cropImage, decodePng } from './render';
import { Y4mWriter } from './y4m';

export { FRAME_CODE } from './pulse-signal';
export { MOTION_CLIPS, type MotionClipSpec } from './motion-clips';

export const MOTION_MEDIA_DIR = join(FACE_MEDIA_DIR, 'motion');
const INDEX_FILE = 'index.json';
/** Bump to regenerate when the output changes in a way the hashed sources miss. */
const MEDIA_VERSION = 1;
const MESH_FILE = join(PROJECT_ROOT, 'tests/fixtures/face/faceid-mesh.json');
/** The generator's own sources: editing any of them regenerates the clips. */
const GENERATOR_SOURCES = [
  'motion-media.ts',
  'motion-clips.ts',
  'face-warp.ts',
  'pulse-signal.ts',
  'render.ts',
  'y4m.ts',
].map((f) => join(import.meta.dirname, f));

/** The view the app asks the camera for; wider files are cropped to it. */
const VIEW_ASPECT = 4 / 3;

const PHOTO = { from: 'one-man', cropSize: 138, background: [32, 32, 32] } as const;
/**
 * faceid-mesh.json's landmarks are in a 260×260 frame into which the photo's area x 0..220,
 * y 135..295 was drawn centred at its own size (the mesh's oval, eyes, nose, lips and chin
 * then sit on the one-man crop's); the crop starts at (14, 142) of the photo.
 */
const MESH_FRAME = { area: [0, 135, 220, 160], size: 260 } as const;
/** FaceMesh landmark indices (MediaPipe's canonical face model). */
const LANDMARKS = {
  oval: [
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176,
    149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
  ],
  noseTip: 1,
  upperLip: 13,
  lowerLip: 14,
  mouthCorners: [61, 291],
  chin: 152,
  /** outer corner, inner corner, upper lid, lower lid */
  eyes: [
    [33, 133, 159, 145],
    [263, 362, 386, 374],
  ],
} as const;

/** Skin in full-range YCbCr, as for the still heart-rate clips (pulse-media.ts). */
const SKIN: SkinConfig = { cb: [77, 127], cr: [133, 173], softLevels: 8, darkY: [30, 50] };
/** The pulse may sit inside the face oval grown by this fraction, with a soft edge of `soft`·rx. */
const FACE_MASK = { grow: 0.05, soft: 0.08, blurPasses: 2 } as const;
/** As pulse-media.ts: 0.5 % of the skin's level, split over the channels by PULSE_RGB. */
const PULSE_AMPLITUDE = 0.005;
const WAVE: Omit<PulseWaveConfig, 'bpm'> = {
  harmonic: 0.35,
  harmonicPhase: -Math.PI / 2,
  rateVariability: 0.015,
  variabilityCycles: 3,
  phase: 0.7,
};
/** Sensor noise σ (8-bit levels). */
const NOISE_SIGMA = 2;
/** Grid spacing of the inverse warp, in frame pixels: the warp is smooth on this scale. */
const GRID_STEP = 6;

/** The mouth's opening: a dark slit along the lip line (half-height `band`·rx) that the jaw's
 * stretch widens, darkest at the widest opening. */
const MOUTH = { band: 0.045, darkest: 0.6 } as const;

export interface MotionVideo {
  name: string;
  path: string;
  bpm: number | null;
  seconds: number;
  fps: number;
  width: number;
  height: number;
  /** The face oval's width in the clip, pixels. */
  facePixels: number;
  /** Top-left of FRAME_CODE in the clip's pixels (inside the 4:3 view). */
  frameCode: { x: number; y: number };
}

export interface MotionMedia {
  dir: string;
  videos: MotionVideo[];
}

interface MotionIndex {
  hash: string;
  media: MotionMedia;
}

/** The photo crop's landmarks, in crop pixels; `origin` is the crop's top-left in the photo. */
function meshLandmarks(origin: { x: number; y: number }): [number, number][] {
  const mesh = JSON.parse(readFileSync(MESH_FILE, 'utf8')) as { upright: { landmarks: number[][] } };
  const [areaX, areaY, areaW, areaH] = MESH_FRAME.area;
  const left = (MESH_FRAME.size - areaW) / 2;
  const top = (MESH_FRAME.size - areaH) / 2;
  return mesh.upright.landmarks.map(([x, y]) => [x! - left + areaX - origin.x, y! - top + areaY - origin.y]);
}

const viewWidth = (clip: MotionClipSpec): number =>
  Math.min(clip.width, Math.round(clip.height * VIEW_ASPECT));

/** The frame a clip is drawn from: the photo placed with its face at the frame centre, at rest. */
interface Scene {
  width: number;
  height: number;
  planes: [Float32Array, Float32Array, Float32Array];
  /** Where skin may pulse, 0..1. */
  mask: Float32Array;
  head: HeadGeometry;
  eyes: { cx: number; cy: number; rx: number; ry: number; lid: [number, number, number] }[];
  mouth: { cx: number; halfWidth: number; y: number; band: number };
  facePixels: number;
}

function faceOvalWidth(landmarks: [number, number][]): number {
  const xs = LANDMARKS.oval.map((i) => landmarks[i]![0]);
  return Math.max(...xs) - Math.min(...xs);
}

/** Places the photo (decoded at `photoSize`²) in a clip's frame and measures its face. */
function buildScene(
  clip: MotionClipSpec,
  photo: Uint8Array,
  photoSize: number,
  landmarks: [number, number][],
): Scene {
  const { width, height } = clip;
  const k = photoSize / PHOTO.cropSize;
  const oval = LANDMARKS.oval.map((i) => landmarks[i]!);
  const [minX, maxX] = [Math.min(...oval.map((p) => p[0])), Math.max(...oval.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...oval.map((p) => p[1])), Math.max(...oval.map((p) => p[1]))];
  // The face oval's centre goes to the frame's centre.
  const left = Math.round(width / 2 - ((minX + maxX) / 2) * k);
  const top = Math.round(height / 2 - ((minY + maxY) / 2) * k);
  const at = (i: number): [number, number] => [left + landmarks[i]![0] * k, top + landmarks[i]![1] * k];
  const head: HeadGeometry = {
    cx: left + ((minX + maxX) / 2) * k,
    cy: top + ((minY + maxY) / 2) * k,
    rx: ((maxX - minX) / 2) * k,
    ry: ((maxY - minY) / 2) * k,
    noseX: at(LANDMARKS.noseTip)[0],
    noseY: at(LANDMARKS.noseTip)[1],
    lipY: (at(LANDMARKS.upperLip)[1] + at(LANDMARKS.lowerLip)[1]) / 2,
    chinY: at(LANDMARKS.chin)[1],
  };
  const pixels = width * height;
  const planes: Scene['planes'] = [
    new Float32Array(pixels),
    new Float32Array(pixels),
    new Float32Array(pixels),
  ];
  let mask: Float32Array = new Float32Array(pixels);
  const grow = 1 + FACE_MASK.grow;
  const soft = FACE_MASK.soft * head.rx;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const px = x - left;
      const py = y - top;
      if (px < 0 || py < 0 || px >= photoSize || py >= photoSize) {
        for (let c = 0; c < 3; c++) planes[c]![i] = PHOTO.background[c]!;
        continue;
      }
      const p = (py * photoSize + px) * 4;
      const [r, g, b] = [photo[p]!, photo[p + 1]!, photo[p + 2]!];
      planes[0][i] = r;
      planes[1][i] = g;
      planes[2][i] = b;
      const rho = Math.hypot((x + 0.5 - head.cx) / (head.rx * grow), (y + 0.5 - head.cy) / (head.ry * grow));
      const inFace = 1 - ramp((rho - 1) * ((head.rx + head.ry) / 2), -soft, 0);
      mask[i] = inFace * skinScore(r, g, b, SKIN);
    }
  }
  for (let pass = 0; pass < FACE_MASK.blurPasses; pass++) mask = boxBlur3(mask, width, height);

  const mean = (cx: number, cy: number, hw: number, hh: number): [number, number, number] => {
    const sum = [0, 0, 0];
    let n = 0;
    for (let y = Math.round(cy - hh); y <= Math.round(cy + hh); y++) {
      for (let x = Math.round(cx - hw); x <= Math.round(cx + hw); x++) {
        for (let c = 0; c < 3; c++) sum[c]! += planes[c]![y * width + x]!;
        n++;
      }
    }
    return sum.map((s) => s / n) as [number, number, number];
  };
  const eyes = LANDMARKS.eyes.map(([outer, inner, upper, lower]) => {
    const [ox, oy] = at(outer);
    const [ix, iy] = at(inner);
    const eyeWidth = Math.abs(ox - ix);
    const cx = (ox + ix) / 2;
    const cy = (oy + iy + at(upper)[1] + at(lower)[1]) / 4;
    const ry = Math.max(0.8 * (at(lower)[1] - at(upper)[1]), 0.28 * eyeWidth);
    // A closed lid has the colour of the skin under the eye, a shade darker.
    const under = mean(cx, at(lower)[1] + 0.45 * eyeWidth, 0.2 * eyeWidth, 0.06 * eyeWidth);
    return { cx, cy, rx: 0.65 * eyeWidth, ry, lid: under.map((c) => 0.9 * c) as [number, number, number] };
  });
  const [left0, right0] = LANDMARKS.mouthCorners.map((i) => at(i)[0]) as [number, number];
  const mouth = {
    cx: (left0 + right0) / 2,
    halfWidth: 0.42 * Math.abs(right0 - left0),
    y: head.lipY,
    band: MOUTH.band * head.rx,
  };
  return { width, height, planes, mask, head, eyes, mouth, facePixels: 2 * head.rx };
}

/** Eyelids and the mouth's opening change the photo itself; only their boxes are redrawn. */
function paintFace(
  scene: Scene,
  pristine: Scene['planes'],
  work: Scene['planes'],
  closure: number,
  jaw: number,
): void {
  const { width } = scene;
  const box = (
    cx: number,
    cy: number,
    hw: number,
    hh: number,
    paint: (i: number, x: number, y: number) => void,
  ) => {
    for (let y = Math.floor(cy - hh); y <= Math.ceil(cy + hh); y++) {
      for (let x = Math.floor(cx - hw); x <= Math.ceil(cx + hw); x++) {
        const i = y * width + x;
        for (let c = 0; c < 3; c++) work[c]![i] = pristine[c]![i]!;
        paint(i, x + 0.5, y + 0.5);
      }
    }
  };
  for (const eye of scene.eyes) {
    box(eye.cx, eye.cy, eye.rx + 2, eye.ry + 2, (i, x, y) => {
      if (closure === 0) return;
      const ex = (x - eye.cx) / eye.rx;
      const ey = (y - eye.cy) / eye.ry;
      const cover = closure * (1 - ramp(Math.hypot(ex, ey), 0.75, 1.05));
      // The lashes meet in a dark line along the middle.
      const lash = Math.abs(ey) < 0.2 ? 0.55 : 1;
      for (let c = 0; c < 3; c++) work[c]![i] = work[c]![i]! * (1 - cover) + eye.lid[c]! * lash * cover;
    });
  }
  const { mouth } = scene;
  box(mouth.cx, mouth.y, mouth.halfWidth + 2, mouth.band + 2, (i, x, y) => {
    if (jaw === 0) return;
    const open = jaw / TALKING.maxJaw;
    const inside = 1 - ramp(Math.hypot((x - mouth.cx) / mouth.halfWidth, (y - mouth.y) / mouth.band), 0.5, 1);
    const dark = 1 - MOUTH.darkest * open * inside;
    for (let c = 0; c < 3; c++) work[c]![i] = work[c]![i]! * dark;
  });
}

/**
 * Draws one frame into `rgba`: the warped photo, lit by `light`, its skin pulsing by `pulse`
 * (already scaled by PULSE_AMPLITUDE), plus noise from `noise` starting at `noiseAt`.
 */
function drawFrame(
  scene: Scene,
  work: Scene['planes'],
  grid: WarpGrid,
  light: number,
  pulse: number,
  noise: Float32Array,
  noiseAt: number,
  rgba: Uint8Array,
): void {
  const { width, height, mask } = scene;
  const [pr, pg, pb] = work;
  const [kr, kg, kb] = PULSE_RGB.map((w) => pulse * w) as [number, number, number];
  const { step, columns } = grid;
  const rowU = new Float32Array(columns);
  const rowV = new Float32Array(columns);
  const rowS = new Float32Array(columns);
  for (let y = 0, n = noiseAt; y < height; y++) {
    const gy = Math.min(Math.floor(y / step), grid.rows - 2);
    const fy = y / step - gy;
    for (let c = 0; c < columns; c++) {
      const a = gy * columns + c;
      const b = a + columns;
      rowU[c] = grid.u[a]! + fy * (grid.u[b]! - grid.u[a]!);
      rowV[c] = grid.v[a]! + fy * (grid.v[b]! - grid.v[a]!);
      rowS[c] = grid.shade[a]! + fy * (grid.shade[b]! - grid.shade[a]!);
    }
    for (let x = 0, p = y * width * 4; x < width; x++, p += 4, n += 3) {
      const gx = Math.min(Math.floor(x / step), columns - 2);
      const fx = x / step - gx;
      const u = Math.min(Math.max(rowU[gx]! + fx * (rowU[gx + 1]! - rowU[gx]!), 0), width - 1);
      const v = Math.min(Math.max(rowV[gx]! + fx * (rowV[gx + 1]! - rowV[gx]!), 0), height - 1);
      const lit = light * (rowS[gx]! + fx * (rowS[gx + 1]! - rowS[gx]!));
      const x0 = Math.min(Math.floor(u), width - 2);
      const y0 = Math.min(Math.floor(v), height - 2);
      const ax = u - x0;
      const ay = v - y0;
      const i = y0 * width + x0;
      const w00 = (1 - ax) * (1 - ay);
      const w01 = ax * (1 - ay);
      const w10 = (1 - ax) * ay;
      const w11 = ax * ay;
      const j = i + width;
      const m = w00 * mask[i]! + w01 * mask[i + 1]! + w10 * mask[j]! + w11 * mask[j + 1]!;
      const r = w00 * pr[i]! + w01 * pr[i + 1]! + w10 * pr[j]! + w11 * pr[j + 1]!;
      const g = w00 * pg[i]! + w01 * pg[i + 1]! + w10 * pg[j]! + w11 * pg[j + 1]!;
      const b = w00 * pb[i]! + w01 * pb[i + 1]! + w10 * pb[j]! + w11 * pb[j + 1]!;
      // Uint8Array stores a truncated value: + 0.5 rounds; clamping keeps it a byte.
      rgba[p] = Math.min(255, Math.max(0, lit * r * (1 + kr * m) + noise[n]! + 0.5));
      rgba[p + 1] = Math.min(255, Math.max(0, lit * g * (1 + kg * m) + noise[n + 1]! + 0.5));
      rgba[p + 2] = Math.min(255, Math.max(0, lit * b * (1 + kb * m) + noise[n + 2]! + 0.5));
    }
  }
}

/** Writes the clips of one scene (the same motion, each with its own pulse) in one pass. */
async function writeScene(
  scene: Scene,
  clips: MotionClipSpec[],
  videos: MotionVideo[],
  seed: number,
): Promise<void> {
  const { width, height } = scene;
  const { seconds, fps } = TIMING;
  const clip = clips[0]!;
  clips.forEach(assertLoops);
  const talk = syllables();
  const pixels = width * height;
  const grid = new WarpGrid(width, height, GRID_STEP);
  const work: Scene['planes'] = [
    Float32Array.from(scene.planes[0]),
    Float32Array.from(scene.planes[1]),
    Float32Array.from(scene.planes[2]),
  ];
  // A bank of noise four frames long, read from a random place each frame: fresh noise per
  // pixel and frame at a fraction of the cost of drawing it.
  const noise = new Float32Array(pixels * 3 * 4);
  normalSource(seed)(noise, NOISE_SIGMA);
  const random = mulberry32(seed ^ 0x5eed);
  const rgba = new Uint8Array(pixels * 4).fill(255);
  const codeLeft = (width - viewWidth(clip)) / 2;
  const parts = videos.map((v) => `${v.path}.part-${process.pid}`);
  const writers = parts.map((path) => new Y4mWriter(path, width, height, fps));
  try {
    for (let frame = 0; frame < seconds * fps; frame++) {
      const t = frame / fps;
      const pose = poseAt(clip, scene.facePixels, talk, t);
      grid.solve(headMap(scene.head, pose));
      if (clip.talking || clip.blinks) {
        paintFace(scene, scene.planes, work, clip.blinks ? blinkAt(t) : 0, pose.jaw);
      }
      const light = lightAt(clip, t);
      const noiseAt = Math.floor(random() * (noise.length - pixels * 3));
      clips.forEach((c, index) => {
        const pulse = c.bpm === null ? 0 : PULSE_AMPLITUDE * pulseWave(t, seconds, { ...WAVE, bpm: c.bpm });
        drawFrame(scene, work, grid, light, pulse, noise, noiseAt, rgba);
        drawFrameCode(rgba.subarray(codeLeft * 4), width, frame);
        writers[index]!.writeFrame(rgba);
      });
    }
  } finally {
    await Promise.all(writers.map((w) => w.close()));
  }
  parts.forEach((part, index) => renameSync(part, videos[index]!.path));
}

function inputsHash(spec: PhotoSpec): string {
  const hash = createHash('sha256').update(`motion media v${MEDIA_VERSION}\n`);
  hash.update(JSON.stringify({ spec, TIMING, PHOTO, MOTION_CLIPS, FRAME_CODE, LANDMARKS }));
  hash.update(readFileSync(join(PROJECT_ROOT, spec.asset)));
  hash.update(readFileSync(MESH_FILE));
  for (const source of GENERATOR_SOURCES) hash.update(readFileSync(source));
  // Of the app's synthetic-signal module only the seeded generator is used: an edit elsewhere
  // in it leaves the clips alone.
  hash.update(mulberry32.toString());
  return hash.digest('hex');
}

function withPaths(dir: string, media: MotionMedia, toAbsolute: boolean): MotionMedia {
  return {
    dir: toAbsolute ? dir : '.',
    videos: media.videos.map((v) => ({ ...v, path: toAbsolute ? join(dir, v.path) : relative(dir, v.path) })),
  };
}

function readIndex(dir: string): MotionIndex | null {
  const file = join(dir, INDEX_FILE);
  if (!existsSync(file)) return null;
  const index = JSON.parse(readFileSync(file, 'utf8')) as MotionIndex;
  return { hash: index.hash, media: withPaths(dir, index.media, true) };
}

/** Decodes the photo crop at each size the clips need, in one headless Chromium. */
async function decodePhotos(spec: PhotoSpec, sizes: number[]): Promise<Map<number, Uint8Array>> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage();
    const photos = new Map<number, Uint8Array>();
    for (const size of sizes) {
      const png = await cropImage(page, join(PROJECT_ROOT, spec.asset), spec.crop, size / spec.crop[2]);
      const decoded = await decodePng(page, png);
      if (decoded.width !== size || decoded.height !== size) {
        throw new Error(`The ${spec.name} crop decoded to ${decoded.width}×${decoded.height}, not ${size}².`);
      }
      photos.set(size, decoded.rgba);
    }
    return photos;
  } finally {
    await browser.close();
  }
}

/** The scene key: everything but the name and the pulse (clips alike in it are drawn together). */
const sceneKey = ({ name: _name, bpm: _bpm, ...scene }: MotionClipSpec): string => JSON.stringify(scene);

/** Makes the motion clips under `dir`, or reuses what an earlier run made from the same inputs. */
export async function prepareMotionMedia(dir: string = MOTION_MEDIA_DIR): Promise<MotionMedia> {
  const outDir = resolve(dir);
  const spec = readPhotoSpecs().find((s) => s.name === PHOTO.from);
  if (!spec)
    throw new Error(`tests/fixtures/face/photos.json has no ${PHOTO.from} entry for the motion clips.`);
  if (spec.crop[2] !== PHOTO.cropSize || spec.crop[3] !== PHOTO.cropSize) {
    throw new Error(
      `The landmarks are placed on the ${PHOTO.cropSize}² ${PHOTO.from} crop, not ${spec.crop[2]}×${spec.crop[3]}.`,
    );
  }
  const hash = inputsHash(spec);
  const existing = readIndex(outDir);
  if (existing?.hash === hash && existing.media.videos.every((v) => existsSync(v.path)))
    return existing.media;

  mkdirSync(outDir, { recursive: true });
  // No index while clips are half written: a failed run must not look finished.
  rmSync(join(outDir, INDEX_FILE), { force: true });
  const landmarks = meshLandmarks({ x: spec.crop[0], y: spec.crop[1] });
  const ovalWidth = faceOvalWidth(landmarks);
  const photoSize = (clip: MotionClipSpec) =>
    Math.round((PHOTO.cropSize * clip.face * viewWidth(clip)) / ovalWidth);
  const photos = await decodePhotos(spec, [...new Set(MOTION_CLIPS.map(photoSize))]);

  const videos: MotionVideo[] = [];
  const scenes = new Map<string, MotionClipSpec[]>();
  for (const clip of MOTION_CLIPS) scenes.set(sceneKey(clip), [...(scenes.get(sceneKey(clip)) ?? []), clip]);
  let seed = 0x40710;
  for (const clips of scenes.values()) {
    const first = clips[0]!;
    const size = photoSize(first);
    const scene = buildScene(first, photos.get(size)!, size, landmarks);
    const made = clips.map((clip): MotionVideo => ({
      name: clip.name,
      path: join(outDir, `${clip.name}.y4m`),
      bpm: clip.bpm,
      seconds: TIMING.seconds,
      fps: TIMING.fps,
      width: clip.width,
      height: clip.height,
      facePixels: Math.round(scene.facePixels),
      frameCode: { x: (clip.width - viewWidth(clip)) / 2 + FRAME_CODE.x, y: FRAME_CODE.y },
    }));
    await writeScene(scene, clips, made, seed++);
    videos.push(...made);
  }
  const media: MotionMedia = { dir: outDir, videos };
  writeFileSync(
    join(outDir, INDEX_FILE),
    `${JSON.stringify({ hash, media: withPaths(outDir, media, false) }, null, 2)}\n`,
  );
  return media;
}

/** For specs: the clips global setup made, with absolute paths. */
export function motionMedia(dir: string = MOTION_MEDIA_DIR): MotionMedia {
  const index = readIndex(resolve(dir));
  if (!index) {
    throw new Error(
      `No motion clips in ${dir}. Run the tests through \`npx playwright test\` so global setup makes them.`,
    );
  }
  return index.media;
}
