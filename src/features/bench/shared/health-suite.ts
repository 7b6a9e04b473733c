/**
 * The health suite's result (bench/suites/health.mjs): a heart-rate measurement's cost per
 * camera frame, from the worker's own per-frame timings (VitalsReport.timings).
 */
import type { Summary } from './stats';

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
