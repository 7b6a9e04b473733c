/**
 * `npm run bench -- --quick` works for the suites that drive the real app: start-up (cold and
 * warm, offline, on the fake camera), size (the shell's JavaScript, the runtimes' chunks) and
 * health (per-frame costs of a heart-rate measurement). It checks the results' shape and facts
 * (nothing from the network when warm and offline, no runtime on `/`), never a time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { HealthSuiteResult } from '../../src/features/bench/shared/health-suite';
import type { SizeSuiteResult } from '../../src/features/bench/shared/size-suite';
import type { StartupSuiteResult } from '../../src/features/bench/shared/startup-suite';

test.skip(({ isMobile }) => isMobile, 'the bench drives a browser of its own; one profile is enough');
// The app's build into dist-bench/app-real (when stale), a cold install of ~40 MB, a measurement.
test.setTimeout(360_000);

/** Runs the bench CLI; resolves with its exit code and output. */
function bench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/bench.mjs', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function readResult<T>(out: string, suite: string): T {
  const files = readdirSync(out).filter((f) => f.endsWith(`-${suite}-quick.json`));
  expect(files, suite).toHaveLength(1);
  return JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as T;
}

test('the quick start-up, size and health benches run on the real app and write their results', async () => {
  const out = test.info().outputPath('results');
  const { code, output } = await bench([
    '--quick',
    '--suite',
    'startup',
    '--suite',
    'size',
    '--suite',
    'health',
    '--out',
    out,
  ]);
  expect(code, output).toBe(0);
  expect(output).toContain('| wasm | warm, offline |');
  expect(output).toContain('| app-shell JS on `/` |');
  expect(output).toContain('| wasm | **rPPG** (beyond the face models) |');

  const startup = readResult<StartupSuiteResult>(out, 'startup');
  expect(startup.backends).toEqual(['wasm']);
  const [wasm] = startup.results;
  expect(wasm?.ranOn).toBe('wasm');
  for (const sample of [...wasm!.cold.samples, ...wasm!.warm.samples]) {
    expect(Number.isFinite(sample.firstFace)).toBe(true);
    expect(sample.firstFace).toBeGreaterThanOrEqual(sample.firstResult ?? 0);
  }
  expect(wasm!.cold.samples).toHaveLength(1);
  expect(wasm!.cold.samples[0]!.networkBytes).toBeGreaterThan(0);
  // Installed: the shell's precache and the bundled models came over the network once...
  expect(wasm!.cold.install!.modelBytes).toBeGreaterThan(0);
  // ...and offline, nothing does: every response the page saw came from the service worker.
  expect(wasm!.warm.samples).toHaveLength(1);
  const warm = wasm!.warm.samples[0]!;
  expect(warm.networkPaths).toEqual([]);
  expect(warm.networkBytes).toBe(0);
  expect(warm.fromServiceWorker).toBe(warm.pageRequests);

  const size = readResult<SizeSuiteResult>(out, 'size');
  expect(size.shell.js.length).toBeGreaterThan(0);
  expect(size.shell.jsGzipBytes).toBeGreaterThan(0);
  expect(size.runtimeChunks.flatMap((c) => c.runtimes).sort()).toEqual(['onnxruntime-web', 'tfjs']);
  // The runtimes are not requested on `/` nor by opening the Face page, only once it analyses.
  expect(size.runtimesOnHome).toEqual([]);
  expect(size.steps.map((s) => s.runtimes.length > 0)).toEqual([false, false, true]);

  const health = readResult<HealthSuiteResult>(out, 'health');
  expect(health.backends).toEqual(['wasm']);
  const [vitals] = health.results;
  expect(vitals!.frames).toBe(health.config.frames);
  expect(vitals!.detectorFrames).toBeGreaterThan(0);
  for (const summary of [vitals!.rppgMs, vitals!.totalMs, vitals!.detectorMs])
    expect(Number.isFinite(summary.median)).toBe(true);
  expect(vitals!.framesPerSecond).toBeGreaterThan(0);
});
