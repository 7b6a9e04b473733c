/**
 * The Bench page's backend check in WebKit and Firefox: each model (BlazeFace and MoveNet on
 * TensorFlow.js, Silero VAD on onnxruntime-web) runs on WebAssembly; each backend the engine
 * lacks falls back and says why; every backend's outputs agree with WebAssembly's.
 */
import { clickText, pageErrors, recordErrors, waitFor } from './app';
import { expect, test } from './fixtures';

interface Row {
  model: string;
  requested: string;
  ran: string;
  diff: string;
  text: string;
}

test('Check backends: WebAssembly runs every model, the rest run or fall back with a reason', async ({
  engine,
  origin,
  project,
}) => {
  test.setTimeout(300_000);
  await engine.goto(`${origin}/bench`);
  await recordErrors(engine);
  await clickText(engine, 'Check backends');
  const rows = await waitFor(
    engine,
    () => {
      const check = document.querySelector('[data-testid="backend-check"]')!;
      const error = check.querySelector('.error');
      if (error) throw new Error(error.textContent ?? 'the check failed');
      const busy = Array.from(check.querySelectorAll('button')).some((b) => b.disabled);
      const rows = Array.from(check.querySelectorAll('[data-testid="backend-row"]')).map((r) => ({
        model: r.getAttribute('data-model') ?? '',
        requested: r.getAttribute('data-backend') ?? '',
        ran: r.getAttribute('data-ran') ?? '',
        diff: r.getAttribute('data-score-diff') ?? '',
        text: r.textContent ?? '',
      }));
      return !busy && rows.length > 0 ? rows : null;
    },
    undefined,
    { timeout: 280_000, message: 'every backend’s check' },
  );
  const models = [...new Set(rows.map((r: Row) => r.model))];
  expect(models).toHaveLength(3);
  for (const model of models) {
    const wasm = rows.find((r: Row) => r.model === model && r.requested === 'wasm');
    expect(wasm?.ran, `${model} on WebAssembly`).toBe('wasm');
  }
  for (const row of rows) {
    if (row.ran !== row.requested)
      expect(row.text, `${row.model} on ${row.requested}`).toMatch(/fell back: \S/);
    if (row.diff !== '')
      expect(Number(row.diff), `${row.model} on ${row.ran} against WebAssembly`).toBeLessThanOrEqual(1e-3);
    console.log(`[metric] ${project} backend check: ${row.model} ${row.requested} → ${row.ran}`);
  }
  expect(await pageErrors(engine)).toEqual([]);
});
