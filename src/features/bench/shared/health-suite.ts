/**
 * The health suite's result (bench/suites/health.mjs): a heart-rate measurement's cost per
 * camera frame, from the worker's own per-frame timings (VitalsReport.timings).
 */
import { summarize, type Summary } from './stats';

export interface HealthBackendResult {
  backend: string;
  ranOn: string;
  /** Timed frames, after the warm-up frames. */
  frames: number;
  /** Skin colour, POS and the spectrum: the cost beyond the face models, every frame. */
  rppgMs: Summary;
  drawMs: Summary;
  totalMs: Summary;
  /** BlazeFace and FaceMesh, over the frames they ran on. */
  detectorMs: Summary;
  meshMs: Summary;
  detectorFrames: number;
  meshFrames: number;
  /** Each stage's cost spread over every frame. */
  perFrameMeanMs: { detector: number; mesh: number; rppg: number; total: number };
  /** Reports that reached the page per second, and the estimator's own frame rate. */
  framesPerSecond: number;
  estimatorFrameRateHz: Summary;
  regions: (string | null)[];
  /** The page's own means (the vitals-stats data attributes), over the whole measurement. */
  pageMeans: { faceMs: number; meshMs: number; rppgMs: number };
}

export interface HealthSuiteResult {
  suite: 'health';
  backends: string[];
  config: { warmupFrames: number; frames: number; backends: string[]; clip: string };
  results: HealthBackendResult[];
}

/** Frames of one measurement: the first are the models' first runs and the estimator filling its window. */
export interface HealthSuiteConfig {
  warmupFrames: number;
  frames: number;
}

/** As `npm run bench -- --suite health` (bench/suites/health.mjs). */
export const DEFAULT_HEALTH_SUITE: HealthSuiteConfig = { warmupFrames: 60, frames: 300 };
export const QUICK_HEALTH_SUITE: HealthSuiteConfig = { warmupFrames: 10, frames: 30 };

/** One frame's report as the suite keeps it: VitalsReport.timings, with when it arrived. */
export interface HealthFrame {
  /** performance.now() when the report reached the page. */
  at: number;
  face: number;
  mesh: number;
  rppg: number;
  draw: number;
  total: number;
  frameRateHz: number;
  regions: string | null;
  backend: string;
}

const mean = (values: readonly number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;

/**
 * The timed frames of one backend (warm-up already dropped), summarised: each stage's cost on
 * the frames it ran on, spread over every frame, and the frames per second that arrived.
 */
export function summarizeHealthFrames(
  backend: string,
  frames: readonly HealthFrame[],
): Omit<HealthBackendResult, 'pageMeans'> {
  if (frames.length === 0) throw new RangeError('No frames to summarise.');
  const detected = frames.filter((f) => f.face > 0);
  const meshed = frames.filter((f) => f.mesh > 0);
  const seconds = (frames.at(-1)!.at - frames[0]!.at) / 1000;
  return {
    backend,
    ranOn: frames[0]!.backend,
    frames: frames.length,
    rppgMs: summarize(frames.map((f) => f.rppg)),
    drawMs: summarize(frames.map((f) => f.draw)),
    totalMs: summarize(frames.map((f) => f.total)),
    detectorMs: summarize(detected.map((f) => f.face)),
    meshMs: summarize(meshed.map((f) => f.mesh)),
    detectorFrames: detected.length,
    meshFrames: meshed.length,
    perFrameMeanMs: {
      detector: mean(frames.map((f) => f.face)),
      mesh: mean(frames.map((f) => f.mesh)),
      rppg: mean(frames.map((f) => f.rppg)),
      total: mean(frames.map((f) => f.total)),
    },
    framesPerSecond: seconds > 0 ? (frames.length - 1) / seconds : Number.NaN,
    estimatorFrameRateHz: summarize(frames.map((f) => f.frameRateHz)),
    regions: [...new Set(frames.map((f) => f.regions))],
  };
}
