/**
 * `npm run bench -- --suite face --quick` works: it builds the bench harness, runs ours,
 * @vladmandic/human and plain tfjs on the same camera frames on WebAssembly, then ours on the
 * fake camera, and writes a result in which every engine found faces. It asserts the result's
 * shape, never a time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FaceSuiteResult } from '../../src/features/bench/shared/face-suite';

test.skip(({ isMobile }) => isMobile, 'the bench drives a browser of its own; one profile is enough');
// The bench build (when stale), three engines loading, a fake-camera browser.
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

test('the quick face bench runs the three engines and the live loop, and writes its result', async () => {
  const out = test.info().outputPath('results');
  const { code, output } = await bench([
    '--quick',
    '--suite',
    'face',
    '--backends',
    'wasm',
    // Not the translation bench's port: the two specs may run at once.
    '--port',
    process.env.BENCH_FACE_PORT ?? '4197',
    '--out',
    out,
  ]);
  expect(code, output).toBe(0);
  expect(output).toContain('| wasm | ours |');
  expect(output).toContain('| wasm | **ours / human** |');

  const files = readdirSync(out).filter((f) => f.endsWith('-face-quick.json'));
  expect(files).toHaveLength(1);
  const report = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as FaceSuiteResult & {
    date: string;
    machine: { cores: number };
    browser: { version: string };
    backends: string[];
  };
  expect(Number.isNaN(Date.parse(report.date))).toBe(false);
  expect(report.machine.cores).toBeGreaterThan(0);
  expect(report.browser.version).toMatch(/^\d+\./);
  expect(report.backends).toEqual(['wasm']);
  expect(report.input.width).toBe(640);
  expect(report.input.height).toBe(480);
  expect(report.input.photos).toContain('one-man');

  expect(report.engines.map((e) => e.engine)).toEqual(['ours', 'human', 'tfjs']);
  for (const engine of report.engines) {
    expect(engine.error, engine.engine).toBeUndefined();
    expect(engine.ranOn, engine.engine).toBe('wasm');
    expect(engine.samples.length, engine.engine).toBeGreaterThan(0);
    // The clip shows one man in every frame; the one-man photo has one face.
    expect(
      engine.samples.some((s) => s.faces > 0),
      `${engine.engine} found faces`,
    ).toBe(true);
    expect(engine.photoFaces['one-man'], engine.engine).toBe(1);
    expect(Number.isFinite(engine.frameMs.median)).toBe(true);
  }
  const ours = report.engines[0]!;
  expect(ours.stages).toBeDefined();
  expect(report.ratios.map((r) => r.peer)).toEqual(['human', 'tfjs']);
  expect(report.ratios.every((r) => Number.isFinite(r.ratio))).toBe(true);

  const live = report.live!;
  expect(live.error).toBeUndefined();
  expect(live.backend).toBe('wasm');
  expect(live.frames).toBeGreaterThanOrEqual(20);
  expect(live.facesPerFrame.median).toBe(1);
  expect(live.memory.framesBetween).toBe(live.frames);
  expect(live.memory.afterFrames.workerTensors).toBeGreaterThan(0);
});
