import { describe, expect, it } from 'vitest';
import { HEALTH_METRICS, healthRows } from './health-rows';
import { summarizeHealthFrames, type HealthFrame } from './health-suite';

/** Ten frames 50 ms apart (20 fps); the detector on every third, the mesh on the first. */
const frames: HealthFrame[] = Array.from({ length: 10 }, (_, i) => ({
  at: 1000 + 50 * i,
  face: i % 3 === 0 ? 12 : 0,
  mesh: i === 0 ? 30 : 0,
  rppg: 0.5,
  draw: 1,
  total: 2 + (i % 3 === 0 ? 12 : 0) + (i === 0 ? 30 : 0),
  frameRateHz: 20,
  regions: 'mesh',
  backend: 'wasm',
}));

describe('summarizeHealthFrames', () => {
  it('times each stage on the frames it ran on, spreads it over every frame, and counts frames per second', () => {
    const result = summarizeHealthFrames('wasm', frames);
    expect(result).toMatchObject({
      backend: 'wasm',
      ranOn: 'wasm',
      frames: 10,
      detectorFrames: 4,
      meshFrames: 1,
      rppgMs: { median: 0.5, runs: 10 },
      detectorMs: { median: 12, runs: 4 },
      meshMs: { median: 30, runs: 1 },
      regions: ['mesh'],
    });
    expect(result.perFrameMeanMs.detector).toBeCloseTo(4.8);
    expect(result.perFrameMeanMs.mesh).toBeCloseTo(3);
    expect(result.framesPerSecond).toBeCloseTo(20);
  });

  it('refuses an empty measurement', () => {
    expect(() => summarizeHealthFrames('wasm', [])).toThrow(RangeError);
  });
});

describe('healthRows', () => {
  it('gives rPPG, detector, mesh and whole-frame times, and frames per second, per backend', () => {
    const { rows, notes } = healthRows([summarizeHealthFrames('wasm', frames)]);
    expect(rows.map((r) => `${r.metric} @ ${r.backend} [${r.unit}] ${r.summary.runs}`)).toEqual([
      `${HEALTH_METRICS.rppg} @ wasm [ms] 10`,
      `${HEALTH_METRICS.detector} @ wasm [ms] 4`,
      `${HEALTH_METRICS.mesh} @ wasm [ms] 1`,
      `${HEALTH_METRICS.total} @ wasm [ms] 10`,
      `${HEALTH_METRICS.fps} @ wasm [fps] 1`,
    ]);
    expect(rows.find((r) => r.unit === 'fps')).toMatchObject({ lowerIsBetter: false });
    expect(rows.filter((r) => r.unit === 'ms').every((r) => r.lowerIsBetter)).toBe(true);
    expect(notes).toEqual([
      'wasm: the detector ran on 4 of 10 frames and the mesh on 1; spread over every frame that is ' +
        '4.8 ms and 3.0 ms, plus 0.50 ms of rPPG, 9.8 ms a frame in all.',
    ]);
  });

  it('leaves out a model that never ran, and says when no face was found', () => {
    const noFace = frames.map((f) => ({ ...f, face: 0, mesh: 0, total: 2, regions: null }));
    const { rows, notes } = healthRows([summarizeHealthFrames('wasm', noFace)]);
    expect(rows.map((r) => r.metric)).toEqual([
      HEALTH_METRICS.rppg,
      HEALTH_METRICS.total,
      HEALTH_METRICS.fps,
    ]);
    expect(notes[1]).toBe(
      'wasm: no face was found in the frames, so the rPPG step had nothing to measure; face the camera.',
    );
  });
});
