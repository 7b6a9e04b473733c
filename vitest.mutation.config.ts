/**
 * The unit tests that mutation testing runs (stryker.config.mjs): each pure step's own tests,
 * with a longer per-test timeout, since instrumented code runs several times slower. Tests that
 * run whole models (marian.test.ts, whisper.test.ts) or whole analysers are left to `npm test`:
 * the steps' own tests must pin them down.
 */
import { defineConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default defineConfig({
  ...viteConfig,
  test: {
    ...viteConfig.test,
    include: [
      'src/features/face/shared/box.test.ts',
      'src/features/face/worker/*.test.ts',
      'src/features/health/worker/{butterworth,fft,detrend,pos,spectrum,spectral-rate,resample,breathing,time-window}.test.ts',
      'src/features/translate/worker/{sentences,seq2seq,whisper-config}.test.ts',
      'src/sw/model-store/{chunk-store,download}*.test.ts',
      'src/storage/journal-io.test.ts',
    ],
    testTimeout: 60_000,
  },
});
