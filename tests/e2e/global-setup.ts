/**
 * Builds a second version of the app into dist-next, so the update test can deploy it over
 * the first. Same sources, a different build id: the service worker's bytes change.
 */
import { spawnSync } from 'node:child_process';
import { NEXT_BUILD_DIR, NEXT_BUILD_ID } from './helpers';

export default function globalSetup(): void {
  const result = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', NEXT_BUILD_DIR, '--emptyOutDir', '--logLevel', 'warn'],
    {
      env: { ...process.env, OFFGRID_BUILD_ID: NEXT_BUILD_ID },
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('Building the second app version for the update test failed.');
}
