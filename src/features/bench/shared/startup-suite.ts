/**
 * The start-up suite's result (bench/suites/startup.mjs): navigation start to the first face
 * result on the Face page, cold (first visit) and warm (installed, offline), with the bytes the
 * server sent (response bodies, the service worker's fetches included).
 */
import type { Summary } from './stats';

/** One start: ms from navigation start (the page's performance.now()). */
export interface StartupSample {
  fcp?: number;
  /** When the page's "Start camera" was clicked (as soon as it rendered). */
  click?: number;
  firstResult?: number;
  firstFace: number;
  /** What the server sent (warm: 0, the server is stopped). */
  networkBytes: number;
  /** Cold only: responses the server sent. */
  networkRequests?: number;
  /** Warm only: paths of requests that tried the network (and failed, with the server stopped). */
  failedRequests?: string[];
  /** Responses the page (and its workers) saw, and of those, answered by the service worker. */
  pageRequests: number;
  /** The app's start-up marks (src/shared/startup-marks.ts): each step's end, ms from navigation start. */
  steps?: { step: string; at: number; detail: Record<string, string | number> | null }[];
  fromServiceWorker?: number;
}

export interface StartupSummary {
  samples: StartupSample[];
  firstFaceMs: Summary;
  firstResultMs: Summary;
  firstPaintMs: Summary;
  networkBytes: Summary;
}

export interface StartupBackendResult {
  backend: string;
  ranOn: string;
  cold: StartupSummary & {
    /** The last cold run, waited on until the service worker and every bundled model were in. */
    install: {
      networkBytes: number;
      networkRequests: number;
      modelBytes: number;
      runtimeBytes: number;
    } | null;
  };
  warm: StartupSummary;
}

export interface StartupSuiteResult {
  suite: 'startup';
  backends: string[];
  config: { warmup: number; runs: number; backends: string[]; clip: string };
  goal: { warmFirstFaceMs: number; warmOverFirstPaint?: number };
  results: StartupBackendResult[];
}
