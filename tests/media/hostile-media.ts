/**
 * Hostile inputs for the hardening tests, made on first use and kept under dist-media/hostile
 * (never in git): a 50-megapixel photo, a one-hour WAV, a text file named like a photo.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../e2e/helpers';
import { wavHeader } from './breath-audio';
import { faceMedia } from './face-media';

export const HOSTILE_MEDIA_DIR = join(PROJECT_ROOT, 'dist-media', 'hostile');

/** 8660 × 5774: the 6000 × 4000 group photo scaled up to 50 megapixels (same faces). */
export const BIG_PHOTO = { width: 8660, height: 5774 } as const;

/** The big photo as a JPEG (ImageMagick `convert`, as the face media use). */
export function fiftyMegapixelPhoto(): string {
  const path = join(HOSTILE_MEDIA_DIR, `photo-${BIG_PHOTO.width}x${BIG_PHOTO.height}.jpg`);
  if (existsSync(path)) return path;
  mkdirSync(HOSTILE_MEDIA_DIR, { recursive: true });
  const partial = `${path}.partial.jpg`;
  const result = spawnSync(
    'convert',
    [
      faceMedia().largePhoto.path,
      '-scale',
      `${BIG_PHOTO.width}x${BIG_PHOTO.height}!`,
      '-quality',
      '85',
      partial,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(
      `ImageMagick's convert could not make the 50-megapixel photo: ${result.stderr || result.error?.message}`,
    );
  renameSync(partial, path);
  return path;
}

/** One hour of 16 kHz mono 16-bit WAV (≈ 115 MB): a quiet 440 Hz tone, written a second at a time. */
export const ONE_HOUR = { seconds: 3600, sampleRate: 16_000 } as const;

export function oneHourWav(): string {
  const { seconds, sampleRate } = ONE_HOUR;
  const path = join(HOSTILE_MEDIA_DIR, 'one-hour.wav');
  const bytes = seconds * sampleRate * 2;
  if (existsSync(path) && statSync(path).size === 44 + bytes) return path;
  mkdirSync(HOSTILE_MEDIA_DIR, { recursive: true });
  const header = wavHeader(bytes, sampleRate);
  const second = Buffer.alloc(sampleRate * 2);
  for (let i = 0; i < sampleRate; i += 1)
    second.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2);
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, header);
    for (let s = 0; s < seconds; s += 1) writeSync(fd, second);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  return path;
}

/** A text file with a photo's (or a recording's) name. */
export function textNamed(name: string): string {
  const path = join(HOSTILE_MEDIA_DIR, name);
  mkdirSync(HOSTILE_MEDIA_DIR, { recursive: true });
  writeFileSync(path, 'This is a shopping list, not a picture or a recording.\nmilk\nbread\n');
  return path;
}

/** An empty file with this name. */
export function emptyFile(name: string): string {
  const path = join(HOSTILE_MEDIA_DIR, name);
  mkdirSync(HOSTILE_MEDIA_DIR, { recursive: true });
  writeFileSync(path, '');
  return path;
}
