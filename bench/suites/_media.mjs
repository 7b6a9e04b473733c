// @ts-check
/**
 * The end-to-end tests' generated media (face photos and clips, heart-rate clips), which the
 * bench suites play too. Made on first use and cached in dist-media by the tests' own makers,
 * loaded through Vite's module runner, so `npm run bench` works from a fresh clone.
 */
import { join } from 'node:path';

/** @param {string} project @param {string} file */
async function importMedia(project, file) {
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(join(project, file), { configFile: false, logLevel: 'warn' });
  return module;
}

/** The face photos and clips (tests/media/face-media.ts). @param {string} project */
export async function faceMedia(project) {
  const module = await importMedia(project, 'tests/media/face-media.ts');
  return module.prepareFaceMedia();
}

/**
 * The path of the heart-rate clip pulsing at `bpm` (tests/media/pulse-media.ts).
 * @param {string} project @param {number} bpm @param {(line: string) => void} log
 * @returns {Promise<string>}
 */
export async function pulseClip(project, bpm, log) {
  log('Making (or reusing) the heart-rate clips in dist-media/pulse …');
  const module = await importMedia(project, 'tests/media/pulse-media.ts');
  /** @type {{ videos: { bpm: number | null, path: string }[] }} */
  const media = await module.preparePulseMedia();
  const video = media.videos.find((v) => v.bpm === bpm);
  if (!video) {
    throw new Error(
      `tests/media/pulse-media.ts makes no ${bpm} bpm clip (it makes ${media.videos.map((v) => v.bpm ?? 'no pulse').join(', ')}).`,
    );
  }
  return video.path;
}
