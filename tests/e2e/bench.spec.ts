/**
 * `npm run bench -- --quick` works: one run of the CLI builds the bench harness and the real
 * app, generates the shape-real models, and drives Chromium through the suites on WebAssembly:
 * translation (ours and Transformers.js), face (ours, Human and plain tfjs, then the live loop
 * on the fake camera), quantization (every variant against its reference), size and health.
 * Each result is checked for its shape and for facts (both engines produced the same text, each
 * variant keeps its stated accuracy, no runtime loads on `/`); never a time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FaceSuiteResult } from '../../src/features/bench/shared/face-suite';
import type { HealthSuiteResult } from '../../src/features/bench/shared/health-suite';
import {
  QUANT_BODY_PHOTOS,
  accuracyShortfall,
  QUANT_FACE_PHOTOS,
  type QuantSuiteResult,
} from '../../src/features/bench/shared/quant-suite';
import type { SizeSuiteResult } from '../../src/features/bench/shared/size-suite';
import type { StartupSuiteResult } from '../../src/features/bench/shared/startup-suite';
import type { TranslateSuiteResult } from '../../src/features/bench/shared/translate-suite';

test.skip(({ isMobile }) => isMobile, 'the bench drives browsers of its own; one profile is enough');
// Two builds and the shape-real model when stale, a 105 MB model in two engines, three face
// engines, a cold install of ~40 MB: minutes on two cores.
test.setTimeout(900_000);

/** Runs the bench CLI; resolves with its exit code and output. */
function bench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/run.mjs', ...args], {
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

test('the quick bench runs every suite and writes each result', async () => {
  const out = test.info().outputPath('results');
  const suites = ['translate', 'face', 'quant', 'size', 'health', 'startup'].flatMap((s) => ['--suite', s]);
  const { code, output } = await bench(['--quick', ...suites, '--backends', 'wasm', '--out', out]);
  expect(code, output).toBe(0);
  expect(output).toContain('| wasm | ours (');
  expect(output).toContain('| wasm | **ours / human** |');
  expect(output).toContain('| blazeface-short | fp32 (reference) |');
  expect(output).toContain('| app-shell JS on `/` |');
  expect(output).toContain('| wasm | **rPPG** (beyond the face models) |');
  checkTranslate(out);
  checkFace(out);
  checkQuant(out);
  checkApp(out);
  checkStartup(out);
});

/** Translation: both engines on WebAssembly, the same tokens and the same text. */
function checkTranslate(out: string): void {
  const report = readResult<
    TranslateSuiteResult & {
      date: string;
      machine: { cpu: string; cores: number; memoryGiB: number; os: string };
      browser: { version: string };
      backends: string[];
    }
  >(out, 'translate');
  expect(Number.isNaN(Date.parse(report.date))).toBe(false);
  expect(report.machine.cores).toBeGreaterThan(0);
  expect(report.machine.memoryGiB).toBeGreaterThan(0);
  expect(report.browser.version).toMatch(/^\d+\./);
  expect(report.backends).toEqual(['wasm']);
  expect(report.input.tokens).toBe(20);
  expect(report.input.maxNewTokens).toBeGreaterThan(0);

  expect(report.engines.map((e) => e.engine)).toEqual(['ours', 'transformers.js']);
  for (const engine of report.engines) {
    expect(engine.error, engine.engine).toBeUndefined();
    expect(engine.ranOn).toBe('wasm');
    expect(engine.samples.length).toBeGreaterThan(0);
    for (const sample of engine.samples) {
      // The shape-real model never says `</s>`, so both generate exactly the same number of tokens.
      expect(sample.tokens).toBe(report.input.maxNewTokens);
      expect(sample.text.length).toBeGreaterThan(0);
      expect(Number.isFinite(sample.firstTokenMs)).toBe(true);
      expect(Number.isFinite(sample.tokensPerSecond)).toBe(true);
    }
  }
  // Same model, same greedy decoding, both on WebAssembly: the same text, token for token.
  const [ours, peer] = report.engines.map((e) => e.samples[0]!.text);
  expect(peer).toBe(ours);
  expect(report.sameOutput).toEqual({ wasm: true });
}

/** Face: the three engines found the face, and the live loop ran. */
function checkFace(out: string): void {
  const report = readResult<
    FaceSuiteResult & {
      date: string;
      machine: { cores: number };
      browser: { version: string };
      backends: string[];
    }
  >(out, 'face');
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
  // Ours' photo path: every photo file, three rounds, with its stages timed in the worker.
  expect(ours.photoPath?.runs).toBe(3 * report.input.photos.length);
  for (const stage of ['pre', 'model', 'post', 'bridge'] as const)
    expect(Number.isFinite(ours.photoPath?.stages[stage]), stage).toBe(true);
  expect(report.engines.slice(1).every((peer) => peer.photoPath === undefined)).toBe(true);
  expect(report.ratios.map((r) => r.peer)).toEqual(['human', 'tfjs']);
  expect(report.ratios.every((r) => Number.isFinite(r.ratio))).toBe(true);

  const live = report.live!;
  expect(live.error).toBeUndefined();
  expect(live.backend).toBe('wasm');
  expect(live.frames).toBeGreaterThanOrEqual(20);
  expect(live.facesPerFrame.median).toBe(1);
  expect(live.memory.framesBetween).toBe(live.frames);
  expect(live.memory.afterFrames.workerTensors).toBeGreaterThan(0);
}

/** Quantization: every variant against its reference, in range. */
function checkQuant(out: string): void {
  const report = readResult<
    QuantSuiteResult & {
      date: string;
      machine: { cores: number };
      browser: { version: string };
    }
  >(out, 'quant');
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
    // Every variant is held to the accuracy stated for it (a uint8 that found nothing fails here).
    expect(accuracyShortfall(run.model, run.variant, accuracy), where).toEqual([]);
    // uint8 really differs from its reference on these photos: its own outputs were compared.
    if (run.variant === 'uint8')
      expect(
        accuracy.kind === 'face' ? 1 - accuracy.meanIou + accuracy.meanScoreDiff : accuracy.meanError,
        where,
      ).toBeGreaterThan(0);
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
}

/** Size and health on the real app build. */
function checkApp(out: string): void {
  const size = readResult<SizeSuiteResult>(out, 'size');
  expect(size.shell.js.length).toBeGreaterThan(0);
  expect(size.shell.jsGzipBytes).toBeGreaterThan(0);
  expect([...new Set(size.runtimeChunks.flatMap((c) => c.runtimes))].sort()).toEqual([
    'onnxruntime-web',
    'tfjs',
  ]);
  // The runtimes are never requested on `/`: they arrive when a demo opens (the Face page starts
  // its worker and detector as it renders).
  expect(size.runtimesOnHome).toEqual([]);
  expect(size.steps.map((s) => s.step)).toEqual([
    '/ (first paint)',
    '/face opened',
    '/face first result (photo)',
  ]);
  expect(size.steps[1]!.runtimes).toContain('tfjs');

  const health = readResult<HealthSuiteResult>(out, 'health');
  expect(health.backends).toEqual(['wasm']);
  const [vitals] = health.results;
  expect(vitals!.frames).toBe(health.config.frames);
  expect(vitals!.detectorFrames).toBeGreaterThan(0);
  for (const summary of [vitals!.rppgMs, vitals!.totalMs, vitals!.detectorMs])
    expect(Number.isFinite(summary.median)).toBe(true);
  expect(vitals!.framesPerSecond).toBeGreaterThan(0);
}

/**
 * Start-up: the cold visit installs the app (the service worker stores every bundled model), and
 * the warm start, with the server stopped, is served wholly by the service worker.
 */
function checkStartup(out: string): void {
  const report = readResult<StartupSuiteResult>(out, 'startup');
  expect(report.backends).toEqual(['wasm']);
  const [result] = report.results;
  const [cold] = result!.cold.samples;
  expect(cold!.firstFace).toBeGreaterThan(0);
  expect(cold!.networkBytes).toBeGreaterThan(0);
  // The install brought the runtimes and the bundled models over the network, once.
  expect(result!.cold.install!.runtimeBytes).toBeGreaterThan(0);
  expect(result!.cold.install!.modelBytes).toBeGreaterThan(0);
  const [warm] = result!.warm.samples;
  expect(warm!.firstFace).toBeGreaterThan(0);
  expect(warm!.networkBytes).toBe(0);
  expect(warm!.failedRequests).toEqual([]);
  expect(warm!.pageRequests).toBeGreaterThan(0);
  expect(warm!.fromServiceWorker).toBe(warm!.pageRequests);
  // The profile of the warm start: every step marked, in the order the start takes them, and the
  // detector load's parts measured.
  const at = (step: string) => warm!.steps?.find((s) => s.step === step)?.at ?? Number.NaN;
  const order = [
    'app',
    'camera-asked',
    'camera-open',
    'video-playing',
    'models-ready',
    'live-started',
    'first-frame',
  ];
  const times = order.map(at);
  expect(times.every(Number.isFinite), JSON.stringify(warm!.steps)).toBe(true);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  expect(at('model-loaded')).toBeLessThanOrEqual(at('models-ready'));
  expect(at('first-frame')).toBeLessThanOrEqual(warm!.firstResult!);
  const load = warm!.steps!.find((s) => s.step === 'model-loaded')!.detail!;
  for (const part of ['initMs', 'loadMs', 'warmupMs']) expect(Number(load[part])).toBeGreaterThanOrEqual(0);
  expect(load.backend).toBe('wasm');
}
