/**
 * Builds the extra app versions the end-to-end tests deploy:
 * - dist-next: the same app with another build id, for the update test;
 * - dist-e2e and dist-e2e-v2: the app with a test fixture model added to the registry (and
 *   bumped to 1.1.0 in v2), served by a local stand-in for the remote model host;
 * - dist-e2e-translate: the app whose remote translation and speech models are the project's
 *   tiny stand-ins (tests/e2e/translate-models.ts).
 * It also makes (or reuses) the test media: face photos and clips, and heart-rate clips.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appChangedAt, newestMtime, viteBuild } from '../../scripts/app-build.mjs';
import { writeFixtureModels } from './fixture-models';
import { writeTranslateFixtures } from './translate-models';
import {
  E2E_BUILD_DIR,
  E2E_V2_BUILD_DIR,
  FIXTURES_DIR,
  PROJECT_ROOT,
  NEXT_BUILD_DIR,
  NEXT_BUILD_ID,
  TRANSLATE_BUILD_DIR,
} from './helpers';
import { BODY_MEDIA_DIR, prepareBodyMedia } from '../media/body-media';
import { FACE_MEDIA_DIR, prepareFaceMedia } from '../media/face-media';
import { MOTION_MEDIA_DIR, prepareMotionMedia } from '../media/motion-media';
import { PULSE_MEDIA_DIR, preparePulseMedia } from '../media/pulse-media';

/** Hash of a folder's files, by name and content (the manifests a test build reads). */
function folderHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex');
}

/**
 * Builds the app into `outDir` with `env`, unless the build there was made from the same settings
 * and manifests after the last change to the app's sources (a stamp file records them). A fresh
 * clone always builds; a rerun of a few tests skips the four builds.
 */
function build(outDir: string, env: Record<string, string>): void {
  const manifests = [env.OFFGRID_EXTRA_MANIFESTS, env.OFFGRID_MANIFESTS].filter(Boolean) as string[];
  const stamp = JSON.stringify({ env, manifests: manifests.map(folderHash) });
  const stampFile = join(outDir, '.e2e-build');
  if (
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === stamp &&
    newestMtime(stampFile) > appChangedAt(PROJECT_ROOT)
  ) {
    return;
  }
  const result = viteBuild(PROJECT_ROOT, ['--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], env);
  if (result.status !== 0) throw new Error(`Building ${outDir} for the end-to-end tests failed.`);
  writeFileSync(stampFile, stamp);
}

export default async function globalSetup(): Promise<void> {
  rmSync(FIXTURES_DIR, { recursive: true, force: true });
  await prepareFaceMedia(FACE_MEDIA_DIR);
  await preparePulseMedia(PULSE_MEDIA_DIR);
  await prepareBodyMedia(BODY_MEDIA_DIR);
  await prepareMotionMedia(MOTION_MEDIA_DIR);
  writeFixtureModels(`${FIXTURES_DIR}/host`, {
    v1: `${FIXTURES_DIR}/manifests-v1`,
    v2: `${FIXTURES_DIR}/manifests-v2`,
  });
  build(NEXT_BUILD_DIR, { OFFGRID_BUILD_ID: NEXT_BUILD_ID });
  build(E2E_BUILD_DIR, { OFFGRID_BUILD_ID: 'e2e', OFFGRID_EXTRA_MANIFESTS: `${FIXTURES_DIR}/manifests-v1` });
  writeTranslateFixtures(`${FIXTURES_DIR}/translate-host`, `${FIXTURES_DIR}/manifests-translate`);
  build(TRANSLATE_BUILD_DIR, {
    OFFGRID_BUILD_ID: 'e2e-translate',
    OFFGRID_MANIFESTS: `${FIXTURES_DIR}/manifests-translate`,
  });
  build(E2E_V2_BUILD_DIR, {
    OFFGRID_BUILD_ID: 'e2e-v2',
    OFFGRID_EXTRA_MANIFESTS: `${FIXTURES_DIR}/manifests-v2`,
  });
}
