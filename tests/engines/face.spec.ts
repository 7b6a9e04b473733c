/**
 * Face detection in WebKit and Firefox: every photo fixture gives the count it gives in
 * Chromium (face.spec.ts), on WebAssembly; a backend the engine lacks falls back and says why;
 * the live camera loop runs on the path this engine takes and draws.
 */
import { faceMedia, readPhotoSpecs } from '../media/face-media';
import { cameraFromPhoto, clickText, openPhoto, pageErrors, recordErrors, textOf, waitFor } from './app';
import { expect, test } from './fixtures';

const media = faceMedia();

test('every photo fixture gives the same count as in Chromium, on WebAssembly', async ({
  engine,
  origin,
}) => {
  test.setTimeout(300_000);
  await engine.goto(`${origin}/face?backend=wasm`);
  await recordErrors(engine);
  for (const spec of readPhotoSpecs()) {
    const boxes = await openPhoto(engine, media.photos[spec.name]!.path);
    // The page's own time for the photo: decode, detect, draw.
    const shown = await engine.evaluate(
      () =>
        Array.from(document.querySelectorAll('.face-summary div'))
          .find((d) => d.querySelector('dt')?.textContent === 'Photo')
          ?.querySelector('dd')?.textContent,
    );
    console.log(`[metric] ${engine.engine} ${spec.name}: ${boxes.length} faces, ${shown}`);
    expect(boxes.length, `${spec.name}: ${spec.note}`).toBe(spec.expectFound ?? spec.faces);
    for (const [, , width, height, score] of boxes) {
      expect(width).toBeGreaterThan(5);
      expect(height).toBeGreaterThan(5);
      expect(score).toBeGreaterThan(0.5);
    }
  }
  expect(await textOf(engine, '[data-testid="backend"]')).toBe('wasm');
  // tfjs's threads: every core where the engine is cross-origin isolated with SharedArrayBuffer.
  const threads = await engine.evaluate(() => ({
    threads: document.querySelector('[data-testid="backend"]')?.getAttribute('data-threads'),
    isolated: crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    cores: navigator.hardwareConcurrency,
  }));
  console.log(`[metric] ${engine.engine} wasm threads: ${JSON.stringify(threads)}`);
  expect(Number(threads.threads)).toBeGreaterThanOrEqual(1);
  expect(await pageErrors(engine)).toEqual([]);
});

test('a backend this engine lacks falls back to one it has, and says why', async ({ engine, origin }) => {
  test.setTimeout(180_000);
  // Neither WebKitGTK nor Firefox ESR offers a WebGPU adapter here.
  const hasGpu = await (async () => {
    await engine.goto(`${origin}/`);
    return engine.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return Boolean(gpu && (await gpu.requestAdapter().catch(() => null)));
    });
  })();
  test.skip(hasGpu, 'this engine has a WebGPU adapter here');
  await engine.goto(`${origin}/face?backend=webgpu`);
  const boxes = await openPhoto(engine, media.photos['five-portraits']!.path);
  expect(boxes).toHaveLength(5);
  const backend = await textOf(engine, '[data-testid="backend"]');
  expect(['webgl', 'wasm']).toContain(backend);
  // The page names the backend it could not use and the engine's reason.
  const note = await textOf(engine, '[data-testid="backend-note"]');
  expect(note).toMatch(/^Fell back from webgpu: (no WebGPU adapter is available|.*WebGPU.*)/);
  if (backend === 'wasm') expect(note).toContain('webgl:');
});

test('the live camera runs on this engine’s frame path, finds the face and draws its marks', async ({
  engine,
  origin,
  project,
}) => {
  test.setTimeout(180_000);
  await engine.goto(`${origin}/settings`);
  const path = await waitFor(
    engine,
    () => {
      const row = document.querySelector('[data-cap="camera-frames"]');
      // Without a page processor, Settings asks the worker only on request.
      row?.querySelector('button')?.click();
      return row?.querySelector('[data-path]')?.getAttribute('data-path') || null;
    },
    undefined,
    { message: 'the camera-frames row of Settings', timeout: 60_000 },
  );
  // WebKitGTK has no MediaStreamTrackProcessor; Safari has it in workers; Firefox has neither;
  // Chromium has it on the page.
  expect(path).toBe({ webkit: 'pump', safari: 'track', firefox: 'pump', chromium: 'stream' }[project]);

  await engine.goto(`${origin}/face?backend=wasm`);
  await recordErrors(engine);
  await cameraFromPhoto(engine, media.photos['one-man']!.path);
  await clickText(engine, 'Start camera');
  const stats = await waitFor(
    engine,
    () => {
      const stats = document.querySelector('[data-testid="stage-stats"]');
      const count = document.querySelector('[data-testid="face-count"]');
      const error = document.querySelector('[data-testid="model-error"], [data-testid="camera-error"]');
      if (error) throw new Error(error.textContent ?? 'error');
      if (!stats || Number(stats.getAttribute('data-frames')) < 10) return null;
      return {
        path: stats.getAttribute('data-path'),
        fps: Number(stats.getAttribute('data-fps')),
        drawMs: Number(stats.getAttribute('data-draw-ms')),
        modelMs: Number(stats.getAttribute('data-model-ms')),
        faces: Number(count?.textContent),
      };
    },
    undefined,
    { timeout: 120_000, message: '10 live frames' },
  );
  console.log(
    `[metric] ${project} live wasm (${stats.path} path): ${stats.fps.toFixed(1)} fps, model ${stats.modelMs.toFixed(1)} ms`,
  );
  expect(stats.path).toBe(path);
  expect(stats.faces).toBe(1);
  expect(stats.drawMs, 'each frame’s marks are drawn').toBeGreaterThan(0);
  await clickText(engine, 'Stop camera');
  expect(await pageErrors(engine)).toEqual([]);
});
