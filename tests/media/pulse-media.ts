/**
 * Heart-rate test videos for Chromium's fake camera: the one-man photo (photos.json) whose
 * facial skin carries a pulse at a known rate, with what a webcam adds: sensor noise, a slow
 * light drift and a little head motion (pulse-signal.ts has the model). One clip per rate and
 * one without a pulse, alike in everything else. The browser only decodes the photo; the
 * frames are made here in typed arrays, all clips in one pass. Skipped when an index with the
 * same inputs hash is already on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from '../e2e/browser';
import { PROJECT_ROOT } from '../e2e/helpers';
import { FACE_MEDIA_DIR, readPhotoSpecs, type PhotoSpec } from './face-media';
import {
  assertWholeCycles,
  boxBlur3,
  drawFrameCode,
  FRAME_CODE,
  headOffset,
  lightGain,
  normalSource,
  PULSE_RGB,
  pulseWave,
  ramp,
  shiftBilinear,
  skinScore,
  type PulseWaveConfig,
  type SceneConfig,
  type SkinConfig,
} from './pulse-signal';
import { cropImage, decodePng } from './render';
import { Y4mWriter } from './y4m';

/** Specs read the frame counter to measure how fast the fake camera really played a clip. */
export { FRAME_CODE, readFrameCode } from './pulse-signal';

export const PULSE_MEDIA_DIR = join(FACE_MEDIA_DIR, 'pulse');
const INDEX_FILE = 'index.json';
/** Bump to regenerate when the output changes in a way the hashed sources miss. */
const MEDIA_VERSION = 1;
/** The generator's own sources: editing any of them regenerates the clips. */
const GENERATOR_SOURCES = [
  ...['pulse-media.ts', 'pulse-signal.ts', 'face-media.ts', 'render.ts', 'y4m.ts'].map((f) =>
    join(import.meta.dirname, f),
  ),
  join(PROJECT_ROOT, 'src/features/health/worker/synthetic.ts'),
];

/** The rates the tests check, across 50–150 bpm; each a multiple of 5 so a 12 s clip holds whole beats. */
export const PULSE_RATES = [50, 65, 80, 100, 125, 150] as const;

/**
 * 320×240 at 30 fps, 12 s: 41.5 MB a clip. 12 s is the shortest length in which every rate
 * above, the breathing sway and the drift complete whole cycles, so the looped clip is
 * seamless and a test may read past the first pass.
 */
const VIDEO = { width: 320, height: 240, fps: 30, seconds: 12 } as const;

/**
 * The photo, its 138 px crop scaled to fill the frame height (the face then spans ~160 px, as
 * in the face clips), centred on dark grey.
 */
const PHOTO = { from: 'one-man', cropSize: 138, size: 240, background: [32, 32, 32] } as const;

/**
 * Where skin may pulse: an ellipse in the one-man crop's pixels around the FaceMesh face oval
 * (tests/fixtures/face/faceid-mesh.json puts it at x 39..109, y 29..106 of the crop), a few
 * pixels larger, with a soft edge.
 */
const FACE_ELLIPSE = { cx: 74, cy: 67.5, rx: 39, ry: 43, softPixels: 3 } as const;

/**
 * Skin colour in full-range YCbCr (Chai & Ngan 1999: Cb 77–127, Cr 133–173), falling to zero
 * over `softLevels` outside the box; pixels darker than `darkY` (hair, pupils) are not skin.
 * On this photo the forehead and cheek patches measure Cb 114–126, Cr 134–155.
 */
const SKIN: SkinConfig = { cb: [77, 127], cr: [133, 173], softLevels: 8, darkY: [30, 50] };
/** Box-blur passes (3×3) over the mask: softens its edges like the blur of a real camera. */
const MASK_BLUR_PASSES = 2;

/**
 * Pulse amplitude (the fundamental) as a fraction of the skin's intensity, split over the
 * channels by PULSE_RGB: green 0.385 %, blue 0.265 %, red 0.165 %, within what cameras record
 * from facial skin. At a green level of ~130 that is ±0.5 of an 8-bit level per pixel; the
 * sensor noise dithers it and the ~2000 pixels of a skin patch average it back out.
 */
const PULSE_AMPLITUDE = 0.005;
const WAVE: Omit<PulseWaveConfig, 'bpm'> = {
  harmonic: 0.35,
  harmonicPhase: -Math.PI / 2,
  rateVariability: 0.015,
  variabilityCycles: 2,
  phase: 0.7,
};

const SCENE: SceneConfig = {
  seconds: VIDEO.seconds,
  fps: VIDEO.fps,
  drift: 0.02,
  motionPixels: { x: 1.5, y: 1 },
  swayPixels: 0.4,
  swayPerMinute: 15,
  noiseSigma: 2,
  seed: 0x9075e,
};

export interface PulseVideo {
  name: string;
  path: string;
  /** The true mean rate, or null for the clip without a pulse. */
  bpm: number | null;
  seconds: number;
  fps: number;
  width: number;
  height: number;
}

/** Absolute paths of the generated clips; the index on disk stores them relative. */
export interface PulseMedia {
  dir: string;
  videos: PulseVideo[];
}

interface PulseIndex {
  hash: string;
  media: PulseMedia;
}

/** The photo in float planes of the frame size, and where its skin may pulse (0..1). */
interface BaseFrame {
  planes: [Float32Array, Float32Array, Float32Array];
  mask: Float32Array;
}

function inputsHash(spec: PhotoSpec): string {
  const hash = createHash('sha256').update(`pulse media v${MEDIA_VERSION}\n`);
  hash.update(JSON.stringify({ spec, PULSE_RATES, VIDEO, PHOTO, FACE_ELLIPSE, SKIN, MASK_BLUR_PASSES }));
  hash.update(JSON.stringify({ PULSE_AMPLITUDE, WAVE, SCENE, PULSE_RGB, FRAME_CODE }));
  hash.update(readFileSync(join(PROJECT_ROOT, spec.asset)));
  for (const source of GENERATOR_SOURCES) hash.update(readFileSync(source));
  return hash.digest('hex');
}

/** Places the decoded photo (PHOTO.size² RGBA) in the frame and finds its skin. */
function baseFrame(photo: Uint8Array): BaseFrame {
  const { width, height } = VIDEO;
  const { size } = PHOTO;
  const left = (width - size) / 2;
  const top = (height - size) / 2;
  const scale = size / PHOTO.cropSize;
  const ellipse = {
    cx: left + FACE_ELLIPSE.cx * scale,
    cy: top + FACE_ELLIPSE.cy * scale,
    rx: FACE_ELLIPSE.rx * scale,
    ry: FACE_ELLIPSE.ry * scale,
    soft: FACE_ELLIPSE.softPixels * scale,
  };
  const pixels = width * height;
  const planes: BaseFrame['planes'] = [
    new Float32Array(pixels),
    new Float32Array(pixels),
    new Float32Array(pixels),
  ];
  let mask: Float32Array = new Float32Array(pixels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const px = x - left;
      const py = y - top;
      if (px < 0 || py < 0 || px >= size || py >= size) {
        for (let c = 0; c < 3; c++) planes[c]![i] = PHOTO.background[c]!;
        continue;
      }
      const p = (py * size + px) * 4;
      const [r, g, b] = [photo[p]!, photo[p + 1]!, photo[p + 2]!];
      planes[0][i] = r;
      planes[1][i] = g;
      planes[2][i] = b;
      // Distance outside the ellipse, roughly in pixels: (ρ − 1)·mean radius.
      const rho = Math.hypot((x + 0.5 - ellipse.cx) / ellipse.rx, (y + 0.5 - ellipse.cy) / ellipse.ry);
      const inFace = 1 - ramp((rho - 1) * ((ellipse.rx + ellipse.ry) / 2), -ellipse.soft, 0);
      mask[i] = inFace * skinScore(r, g, b, SKIN);
    }
  }
  for (let pass = 0; pass < MASK_BLUR_PASSES; pass++) mask = boxBlur3(mask, width, height);
  return { planes, mask };
}

function videoList(dir: string): PulseVideo[] {
  const { width, height, fps, seconds } = VIDEO;
  const clip = (name: string, bpm: number | null): PulseVideo => ({
    name,
    path: join(dir, `${name}.y4m`),
    bpm,
    seconds,
    fps,
    width,
    height,
  });
  return [...PULSE_RATES.map((bpm) => clip(`pulse-${bpm}bpm`, bpm)), clip('no-pulse', null)];
}

/** Writes every clip frame by frame: motion, drift and noise are made once per frame and shared. */
async function writeClips(base: BaseFrame, videos: PulseVideo[]): Promise<void> {
  const { width, height, fps, seconds } = VIDEO;
  assertWholeCycles('The breathing sway', SCENE.swayPerMinute, seconds);
  for (const v of videos) if (v.bpm !== null) assertWholeCycles(`The pulse of ${v.name}`, v.bpm, seconds);
  const pixels = width * height;
  const moved = [0, 1, 2, 3].map(() => new Float32Array(pixels));
  const [mr, mg, mb, mm] = moved as [Float32Array, Float32Array, Float32Array, Float32Array];
  const noise = new Float32Array(pixels * 3);
  const fillNoise = normalSource(SCENE.seed);
  const rgba = new Uint8Array(pixels * 4).fill(255);
  const writers = videos.map((v) => new Y4mWriter(v.path, width, height, fps));
  try {
    for (let frame = 0; frame < seconds * fps; frame++) {
      const t = frame / fps;
      const { dx, dy } = headOffset(t, SCENE);
      const gain = lightGain(t, SCENE);
      [...base.planes, base.mask].forEach((plane, c) =>
        shiftBilinear(plane, width, height, dx, dy, moved[c]!),
      );
      fillNoise(noise, SCENE.noiseSigma);
      videos.forEach((video, v) => {
        const pulse =
          video.bpm === null ? 0 : PULSE_AMPLITUDE * pulseWave(t, seconds, { ...WAVE, bpm: video.bpm });
        const [kr, kg, kb] = PULSE_RGB.map((w) => pulse * w) as [number, number, number];
        for (let i = 0, p = 0, n = 0; i < pixels; i++, p += 4, n += 3) {
          const m = mm[i]!;
          // Uint8Array stores a truncated value: + 0.5 rounds; clamping keeps it a byte.
          rgba[p] = Math.min(255, Math.max(0, gain * mr[i]! * (1 + kr * m) + noise[n]! + 0.5));
          rgba[p + 1] = Math.min(255, Math.max(0, gain * mg[i]! * (1 + kg * m) + noise[n + 1]! + 0.5));
          rgba[p + 2] = Math.min(255, Math.max(0, gain * mb[i]! * (1 + kb * m) + noise[n + 2]! + 0.5));
        }
        drawFrameCode(rgba, width, frame);
        writers[v]!.writeFrame(rgba);
      });
    }
  } finally {
    await Promise.all(writers.map((w) => w.close()));
  }
}

function withPaths(dir: string, media: PulseMedia, toAbsolute: boolean): PulseMedia {
  return {
    dir: toAbsolute ? dir : '.',
    videos: media.videos.map((v) => ({ ...v, path: toAbsolute ? join(dir, v.path) : relative(dir, v.path) })),
  };
}

function readIndex(dir: string): PulseIndex | null {
  const file = join(dir, INDEX_FILE);
  if (!existsSync(file)) return null;
  const index = JSON.parse(readFileSync(file, 'utf8')) as PulseIndex;
  return { hash: index.hash, media: withPaths(dir, index.media, true) };
}

/** Decodes the photo crop at the frame's scale in a headless Chromium, once. */
async function decodePhoto(spec: PhotoSpec): Promise<Uint8Array> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage();
    const png = await cropImage(page, join(PROJECT_ROOT, spec.asset), spec.crop, PHOTO.size / spec.crop[2]);
    const decoded = await decodePng(page, png);
    if (decoded.width !== PHOTO.size || decoded.height !== PHOTO.size) {
      throw new Error(
        `The ${spec.name} crop decoded to ${decoded.width}×${decoded.height}, not ${PHOTO.size}².`,
      );
    }
    return decoded.rgba;
  } finally {
    await browser.close();
  }
}

/** Makes the heart-rate clips under `dir`, or reuses what an earlier run made from the same inputs. */
export async function preparePulseMedia(dir: string = PULSE_MEDIA_DIR): Promise<PulseMedia> {
  const outDir = resolve(dir);
  const spec = readPhotoSpecs().find((s) => s.name === PHOTO.from);
  if (!spec) {
    throw new Error(`tests/fixtures/face/photos.json has no ${PHOTO.from} entry for the pulse clips.`);
  }
  if (spec.crop[2] !== PHOTO.cropSize || spec.crop[3] !== PHOTO.cropSize) {
    throw new Error(
      `FACE_ELLIPSE is measured on the ${PHOTO.cropSize}² ${PHOTO.from} crop, not ${spec.crop[2]}×${spec.crop[3]}.`,
    );
  }
  const hash = inputsHash(spec);
  const existing = readIndex(outDir);
  if (existing?.hash === hash && existing.media.videos.every((v) => existsSync(v.path))) {
    return existing.media;
  }

  mkdirSync(outDir, { recursive: true });
  // No index while clips are half written: a failed run must not look finished.
  rmSync(join(outDir, INDEX_FILE), { force: true });
  const media: PulseMedia = { dir: outDir, videos: videoList(outDir) };
  await writeClips(baseFrame(await decodePhoto(spec)), media.videos);
  const index: PulseIndex = { hash, media: withPaths(outDir, media, false) };
  writeFileSync(join(outDir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  return media;
}

/** For specs: the clips global setup made, with absolute paths. */
export function pulseMedia(dir: string = PULSE_MEDIA_DIR): PulseMedia {
  const index = readIndex(resolve(dir));
  if (!index) {
    throw new Error(
      `No heart-rate clips in ${dir}. Run the tests through \`npx playwright test\` so global setup makes them.`,
    );
  }
  return index.media;
}
