/**
 * `npm run bench -- --quick` works: it builds the bench harness, generates the shape-real
 * opus-mt model, drives Chromium through the translation suite on WebAssembly and writes a
 * result with both engines' output. It asserts the result's shape, never a time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { TranslateSuiteResult } from '../../src/features/bench/shared/translate-suite';

test.skip(({ isMobile }) => isMobile, 'the bench drives a browser of its own; one profile is enough');
// Generating the model (first run only), the bench build, two engines loading a 105 MB model.
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

test('the quick translation bench runs both engines and writes its result', async () => {
  const out = test.info().outputPath('results');
  const { code, output } = await bench([
    '--quick',
    '--suite',
    'translate',
    '--backends',
    'wasm',
    '--out',
    out,
  ]);
  expect(code, output).toBe(0);
  expect(output).toContain('| wasm | ours |');

  const files = readdirSync(out).filter((f) => f.endsWith('-translate-quick.json'));
  expect(files).toHaveLength(1);
  const report = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as TranslateSuiteResult & {
    date: string;
    machine: { cpu: string; cores: number; memoryGiB: number; os: string };
    browser: { version: string };
    backends: string[];
  };
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
});
