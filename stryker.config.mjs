// @ts-check
/**
 * Mutation testing of the pure steps (`npm run test:mutation`, on demand, not part of `npm test`).
 * Each mutant is a small change to a source file (a flipped comparison, a dropped statement, an
 * emptied string); a mutant the unit tests do not notice points at behaviour no test pins down.
 * Reports go to reports/mutation/ (git-ignored); tests/README.md ("Mutation testing") lists the survivors
 * judged harmless. A part alone: `npm run test:mutation -- --mutate src/features/face/worker/nms.ts`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: [
    // Face pipeline: one pure step per file (not the model runs, canvas drawing or the live loop).
    'src/features/face/shared/box.ts',
    'src/features/face/worker/anchors.ts',
    'src/features/face/worker/decode.ts',
    'src/features/face/worker/frame-bytes.ts',
    'src/features/face/worker/frame-scale.ts',
    'src/features/face/worker/letterbox.ts',
    'src/features/face/worker/mesh-crop.ts',
    'src/features/face/worker/nms.ts',
    'src/features/face/worker/project.ts',
    'src/features/face/worker/raw-outputs.ts',
    'src/features/face/worker/skin-regions.ts',
    'src/features/face/worker/tiles.ts',
    // Health: the signal processing.
    'src/features/health/worker/{butterworth,fft,detrend,pos,spectrum,spectral-rate,resample,breathing,time-window,recent-window}.ts',
    // Translation: sentence splitting, greedy token generation, Whisper's token configuration.
    'src/features/translate/worker/sentences.ts',
    'src/features/translate/worker/seq2seq.ts',
    'src/features/translate/worker/whisper-config.ts',
    // Model store: chunks in IndexedDB, the verified resumable download.
    'src/sw/model-store/chunk-store.ts',
    'src/sw/model-store/download.ts',
    // Journal: import checks, CSV and JSON export.
    'src/storage/journal-io.ts',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // CI and the development machines have two cores: two test runners, one type checker.
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { allowColor: false, logTests: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: 'reports/mutation/.stryker-tmp',
  // The sandbox copies the repository; builds, media and test output stay behind.
  ignorePatterns: ['dist', 'dist-*', 'test-results', 'playwright-report', 'reports', 'bench/results'],
  cleanTempDir: 'always',
  // Module-level constants would need every test re-run per mutant; their values are tested directly.
  ignoreStatic: true,
};
