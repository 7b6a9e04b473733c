import base from './playwright.config';
export default {
  ...base,
  globalSetup: './tests/e2e/zz-media-setup.tmp.ts',
  testDir: '/work/main/tests/e2e',
  outputDir: '/tmp/pwexp/output',
  reporter: [['list']],
  webServer: { ...base.webServer, cwd: '/work/main' },
};
