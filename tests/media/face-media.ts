/**
 * The media the face-detection end-to-end tests feed the app: photo crops with known face
 * counts (tests/fixtures/face/photos.json), no-face images, a 6000×4000 JPEG, and Y4M clips
 * for Chromium's fake camera. Made by one headless Chromium in global setup and skipped
 * when an index with the same inputs hash is already on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from '../e2e/browser';
import { PROJECT_ROOT } from '../e2e/helpers';
import { makeNoFaceImages, NO_FACE_SIZE } from './no-face';
import { type Camera, cropImage, loadImage, renderFrames, upscaleImage } from './render';
import { Y4mWriter } from './y4m';

/** Outside dist-fixtures (global setup empties that), ignored by git through `dist-*\/`. */
export const FACE_MEDIA_DIR = join(PROJECT_ROOT, 'dist-media');
export const PHOTOS_FILE = join(PROJECT_ROOT, 'tests/fixtures/face/photos.json');
const INDEX_FILE = 'index.json';
/** Bump to regenerate everything when the output changes in a way the hashed sources miss. */
const MEDIA_VERSION = 1;
/** The generator's own sources: editing any of them regenerates the media. */
const GENERATOR_SOURCES = ['face-media.ts', 'no-face.ts', 'render.ts', 'y4m.ts'].map((f) =>
  join(import.meta.dirname, f),
);

/** One entry of photos.json; `asset` is relative to the project root. */
export interface PhotoSpec {
  name: string;
  asset: string;
  crop: [number, number, number, number];
  faces: number;
  /** When the detector is known to miss some faces (a measured limit), how many it finds. */
  expectFound?: number;
  note: string;
}

/** A 6000×4000 "camera photo": the five portraits enlarged, whole, on black. */
const LARGE_PHOTO = { from: 'five-portraits', width: 6000, height: 4000, quality: 0.9 } as const;

/** Fake-camera clips: 4:3 VGA, what a laptop webcam gives. */
const VIDEO_SIZE = { width: 640, height: 480, fps: 15 } as const;
/**
 * The face clip pans slowly over the one-man crop (138×138) and zooms 1.0 → 1.15. The face
 * spans about x 22..115, y 20..113 of the crop; the camera stays within 7 px of its centre,
 * so at the widest zoom (4.0 output px per crop px) the face keeps ≥ 40 px inside the frame.
 */
const FACE_PAN = {
  from: 'one-man',
  seconds: 6,
  faceCentre: { x: 68, y: 67 },
  panPixels: { x: 6, y: 3 },
  zoom: { from: 1, to: 1.15 },
} as const;
/** The no-face clip drifts over the still life at a fixed zoom, never past its edges. */
const NO_FACE_PAN = { seconds: 4, zoom: 1.06, panPixels: { x: 12, y: 6 } } as const;

export interface FacePhoto {
  name: string;
  path: string;
  width: number;
  height: number;
  faces: number;
  expectFound?: number;
  note: string;
}

export interface FaceVideo {
  path: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
}

/** Absolute paths of the generated media; the index on disk stores them relative. */
export interface FaceMedia {
  dir: string;
  photos: Record<string, FacePhoto>;
  noFace: { gradient: string; noise: string; objects: string };
  largePhoto: FacePhoto;
  videos: { facePan: FaceVideo; noFace: FaceVideo };
}

interface MediaIndex {
  hash: string;
  media: FaceMedia;
}

/** Reads and checks photos.json. */
export function readPhotoSpecs(): PhotoSpec[] {
  const specs = JSON.parse(readFileSync(PHOTOS_FILE, 'utf8')) as PhotoSpec[];
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new Error(`${PHOTOS_FILE}: the name ${spec.name} is used twice.`);
    names.add(spec.name);
    if (spec.crop.length !== 4 || !Number.isInteger(spec.faces)) {
      throw new Error(`${PHOTOS_FILE}: ${spec.name} needs crop [x, y, w, h] and an integer face count.`);
    }
  }
  return specs;
}

function inputsHash(specs: PhotoSpec[]): string {
  const hash = createHash('sha256').update(`media v${MEDIA_VERSION}\n`);
  hash.update(JSON.stringify(specs));
  for (const asset of new Set(specs.map((s) => s.asset))) {
    hash.update(readFileSync(join(PROJECT_ROOT, asset)));
  }
  for (const source of GENERATOR_SOURCES) hash.update(readFileSync(source));
  return hash.digest('hex');
}

function relativeTo(dir: string, media: FaceMedia, toAbsolute: boolean): FaceMedia {
  const map = (file: string): string => (toAbsolute ? join(dir, file) : relative(dir, file));
  const photo = (p: FacePhoto): FacePhoto => ({ ...p, path: map(p.path) });
  const video = (v: FaceVideo): FaceVideo => ({ ...v, path: map(v.path) });
  return {
    dir: toAbsolute ? dir : '.',
    photos: Object.fromEntries(Object.entries(media.photos).map(([name, p]) => [name, photo(p)])),
    noFace: {
      gradient: map(media.noFace.gradient),
      noise: map(media.noFace.noise),
      objects: map(media.noFace.objects),
    },
    largePhoto: photo(media.largePhoto),
    videos: { facePan: video(media.videos.facePan), noFace: video(media.videos.noFace) },
  };
}

function readIndex(dir: string): MediaIndex | null {
  const file = join(dir, INDEX_FILE);
  if (!existsSync(file)) return null;
  const index = JSON.parse(readFileSync(file, 'utf8')) as MediaIndex;
  return { hash: index.hash, media: relativeTo(dir, index.media, true) };
}

function allFiles(media: FaceMedia): string[] {
  return [
    ...Object.values(media.photos).map((p) => p.path),
    ...Object.values(media.noFace),
    media.largePhoto.path,
    media.videos.facePan.path,
    media.videos.noFace.path,
  ];
}

/** Renders a camera path over an image file into a Y4M clip, one frame at a time. */
async function writeClip(
  page: Page,
  source: string,
  path: string,
  seconds: number,
  camera: (t: number) => Camera,
): Promise<FaceVideo> {
  const { width, height, fps } = VIDEO_SIZE;
  const frames = seconds * fps;
  const image = await loadImage(page, source);
  const writer = new Y4mWriter(path, width, height, fps);
  try {
    for await (const rgba of renderFrames(page, image, { width, height, frames, fps, path: camera })) {
      writer.writeFrame(rgba);
    }
  } finally {
    await writer.close();
  }
  return { path, width, height, fps, frames };
}

async function generate(page: Page, dir: string, specs: PhotoSpec[]): Promise<FaceMedia> {
  const photos: Record<string, FacePhoto> = {};
  for (const spec of specs) {
    const path = join(dir, `${spec.name}.png`);
    writeFileSync(path, await cropImage(page, join(PROJECT_ROOT, spec.asset), spec.crop));
    const [, , width, height] = spec.crop;
    photos[spec.name] = {
      name: spec.name,
      path,
      width,
      height,
      faces: spec.faces,
      expectFound: spec.expectFound,
      note: spec.note,
    };
  }

  const images = await makeNoFaceImages(page);
  const noFace = {
    gradient: join(dir, 'no-face-gradient.png'),
    noise: join(dir, 'no-face-noise.png'),
    objects: join(dir, 'no-face-objects.png'),
  };
  for (const kind of ['gradient', 'noise', 'objects'] as const) writeFileSync(noFace[kind], images[kind]);

  const large = specs.find((s) => s.name === LARGE_PHOTO.from);
  if (!large) throw new Error(`${PHOTOS_FILE} has no ${LARGE_PHOTO.from} entry for the large photo.`);
  const largePath = join(dir, `large-${large.name}.jpg`);
  const { width, height, quality } = LARGE_PHOTO;
  writeFileSync(
    largePath,
    await upscaleImage(page, join(PROJECT_ROOT, large.asset), large.crop, { width, height, quality }),
  );
  const largePhoto: FacePhoto = {
    name: `large-${large.name}`,
    path: largePath,
    width,
    height,
    faces: large.faces,
    note: `${large.note} Enlarged to ${width}×${height}.`,
  };

  const faceSource = photos[FACE_PAN.from];
  if (!faceSource) throw new Error(`${PHOTOS_FILE} has no ${FACE_PAN.from} entry for the face clip.`);
  const { faceCentre, panPixels, zoom, seconds } = FACE_PAN;
  const facePan = await writeClip(page, faceSource.path, join(dir, 'face-pan.y4m'), seconds, (t) => {
    const phase = (2 * Math.PI * t) / seconds;
    return {
      cx: faceCentre.x + panPixels.x * Math.sin(phase),
      cy: faceCentre.y + panPixels.y * Math.sin(2 * phase),
      zoom: zoom.from + ((zoom.to - zoom.from) * t) / seconds,
    };
  });
  const still = NO_FACE_PAN;
  const noFaceClip = await writeClip(page, noFace.objects, join(dir, 'no-face.y4m'), still.seconds, (t) => {
    const phase = (2 * Math.PI * t) / still.seconds;
    return {
      cx: NO_FACE_SIZE.width / 2 + still.panPixels.x * Math.sin(phase),
      cy: NO_FACE_SIZE.height / 2 + still.panPixels.y * Math.cos(phase),
      zoom: still.zoom,
    };
  });

  return { dir, photos, noFace, largePhoto, videos: { facePan, noFace: noFaceClip } };
}

/** Makes every test medium under `dir`, or reuses what an earlier run made from the same inputs. */
export async function prepareFaceMedia(dir: string = FACE_MEDIA_DIR): Promise<FaceMedia> {
  const outDir = resolve(dir);
  const specs = readPhotoSpecs();
  const hash = inputsHash(specs);
  const existing = readIndex(outDir);
  if (existing?.hash === hash && allFiles(existing.media).every((f) => existsSync(f))) return existing.media;

  mkdirSync(outDir, { recursive: true });
  // No index while files are half rewritten: a failed run must not look finished.
  rmSync(join(outDir, INDEX_FILE), { force: true });
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_FLAGS] });
  try {
    const page = await browser.newPage();
    const media = await generate(page, outDir, specs);
    const index: MediaIndex = { hash, media: relativeTo(outDir, media, false) };
    writeFileSync(join(outDir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
    return media;
  } finally {
    await browser.close();
  }
}

/** For specs: the media global setup made, with absolute paths. */
export function faceMedia(dir: string = FACE_MEDIA_DIR): FaceMedia {
  const index = readIndex(resolve(dir));
  if (!index) {
    throw new Error(
      `No test media in ${dir}. Run the tests through \`npx playwright test\` so global setup makes them.`,
    );
  }
  return index.media;
}
