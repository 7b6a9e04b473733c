/**
 * Builds the extra app versions the end-to-end tests deploy:
 * - dist-next: the same app with another build id, for the update test;
 * - dist-e2e and dist-e2e-v2: the app with a test fixture model added to the registry (and
 *   bumped to 1.1.0 in v2), served by a local stand-in for the remote model host;
 * - dist-e2e-translate: the app whose remote translation and speech models are the project's
 *   tiny stand-ins (tests/e2e/translate-models.ts).
 * It also makes (or reuses) the test media: face photos and clips, and heart-rate clips.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { writeFixtureModels } from './fixture-models';
import { writeTranslateFixtures } from './translate-models';
import {
  E2E_BUILD_DIR,
  E2E_V2_BUILD_DIR,
  FIXTURES_DIR,
  NEXT_BUILD_DIR,
  NEXT_BUILD_ID,
  TRANSLATE_BUILD_DIR,
} from './helpers';
import { FACE_MEDIA_DIR, prepareFaceMedia } from './media/face-media';
import { PULSE_MEDIA_DIR, preparePulseMedia } from './media/pulse-media';

function build(outDir: string, env: Record<string, string>): void {
  const result = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error(`Building ${outDir} for the end-to-end tests failed.`);
}

export default async function globalSetup(): Promise<void> {
  rmSync(FIXTURES_DIR, { recursive: true, force: true });
  await prepareFaceMedia(FACE_MEDIA_DIR);
  await preparePulseMedia(PULSE_MEDIA_DIR);
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
