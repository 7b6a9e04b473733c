/**
 * `npm run bench -- --quick --suite quant` works: it stages the BlazeFace and MoveNet variants,
 * runs each on the test photos on WebAssembly through the app's worker and writes a result with
 * sizes and accuracy against the reference variant. It asserts facts, never a time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  QUANT_BODY_PHOTOS,
  QUANT_FACE_PHOTOS,
  type QuantSuiteResult,
} from '../../src/features/bench/shared/quant-suite';

test.skip(({ isMobile }) => isMobile, 'the bench drives a browser of its own; one profile is enough');
// The bench build (when stale), staging, and five small models on WebAssembly.
test.setTimeout(240_000);

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

test('the quick quantization bench measures every variant against its reference', async () => {
  const out = test.info().outputPath('results');
  const { code, output } = await bench(['--quick', '--suite', 'quant', '--backends', 'wasm', '--out', out]);
  expect(code, output).toBe(0);
  expect(output).toContain('| blazeface-short | fp32 (reference) |');

  const files = readdirSync(out).filter((f) => f.endsWith('-quant-quick.json'));
  expect(files).toHaveLength(1);
  const report = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as QuantSuiteResult & {
    date: string;
    machine: { cores: number };
    browser: { version: string };
  };
  expect(Number.isNaN(Date.parse(report.date))).toBe(false);
  expect(report.machine.cores).toBeGreaterThan(0);
  expect(report.browser.version).toMatch(/^\d+\./);
  expect(report.backends).toEqual(['wasm']);

  const variants = Object.fromEntries(report.models.map((m) => [m.id, m.variants.map((v) => v.id)]));
  expect(variants).toEqual({
    'blazeface-short': ['fp32', 'fp16', 'uint8'],
    'movenet-lightning': ['fp16', 'uint8'],
  });
  for (const model of report.models) {
    expect(model.photos).toHaveLength(
      model.kind === 'face' ? QUANT_FACE_PHOTOS.length : QUANT_BODY_PHOTOS.length,
    );
    // fp16 halves the float32 weights and uint8 quarters them (a little more: uint8 keeps a min and scale).
    const bytes = Object.fromEntries(model.variants.map((v) => [v.id, v.weightBytes]));
    if (bytes.fp32) expect(bytes.fp16).toBeCloseTo(bytes.fp32 / 2, -3);
    expect(bytes.uint8).toBeLessThan(bytes.fp16! * 0.55);
    for (const v of model.variants) expect(v.totalBytes).toBeGreaterThan(v.weightBytes);
  }

  expect(report.runs).toHaveLength(5);
  for (const run of report.runs) {
    const where = `${run.model} ${run.variant}`;
    expect(run.error, where).toBeUndefined();
    expect(run.ranOn, where).toBe('wasm');
    expect(run.samples.length, where).toBeGreaterThan(0);
    expect(Number.isFinite(run.latencyRatio), where).toBe(true);
    const accuracy = run.accuracy!;
    const isReference = report.models.find((m) => m.id === run.model)!.reference === run.variant;
    if (accuracy.kind === 'face') {
      expect(accuracy.photos).toBe(QUANT_FACE_PHOTOS.length);
      expect(accuracy.referenceFaces, where).toBeGreaterThan(0);
      expect(accuracy.meanIou, where).toBeGreaterThanOrEqual(0);
      expect(accuracy.meanIou, where).toBeLessThanOrEqual(1);
      expect(accuracy.meanScoreDiff, where).toBeGreaterThanOrEqual(0);
      expect(accuracy.meanScoreDiff, where).toBeLessThanOrEqual(1);
      if (isReference) {
        expect(run.latencyRatio).toBe(1);
        expect(accuracy.meanIou).toBe(1);
        expect(accuracy.meanScoreDiff).toBe(0);
        expect(accuracy.countChanged).toBe(0);
      }
    } else {
      expect(accuracy.photos).toBe(QUANT_BODY_PHOTOS.length);
      expect(accuracy.keypoints).toBe(17 * QUANT_BODY_PHOTOS.length);
      expect(accuracy.meanError, where).toBeGreaterThanOrEqual(0);
      expect(accuracy.maxError, where).toBeGreaterThanOrEqual(accuracy.meanError);
      expect(accuracy.meanScoreDiff, where).toBeLessThanOrEqual(1);
      if (isReference) {
        expect(run.latencyRatio).toBe(1);
        expect(accuracy.meanErrorPx).toBe(0);
        expect(accuracy.meanScoreDiff).toBe(0);
      }
    }
  }
});
