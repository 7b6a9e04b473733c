/** Types of the health calls (src/worker/calls/health.ts): a measurement on the camera, breathing from sound. */
import type { BreathingConfig } from '../../features/health/shared/config';
import type {
  BreathingResult,
  Exercise,
  HealthViewOptions,
  RepsReport,
  SeriesSample,
  VitalsReport,
} from '../../features/health/shared/types';
import type { StartCameraLoop } from './camera-loop-types';

/** A health measurement the worker runs on a camera stream, with the worker handles of its models. */
export type HealthTask =
  { kind: 'vitals'; detector: number; mesh?: number } | { kind: 'reps'; pose: number; exercise: Exercise };

export type HealthReport = { kind: 'vitals'; report: VitalsReport } | { kind: 'reps'; report: RepsReport };

export interface HealthCalls {
  /**
   * Runs a health measurement on a camera stream in the worker: a heart-rate measurement
   * (face, skin patches, rPPG, breathing from motion) or a workout (pose, rep counter).
   */
  startHealth: StartCameraLoop<HealthTask, HealthViewOptions, HealthReport>;
  updateHealth(view: HealthViewOptions): Promise<void>;
  stopHealth(): Promise<void>;
  /** Breathing rate from a slow series the page measured (the microphone's breath-sound envelope). */
  breathingRate(series: SeriesSample[], config?: Partial<BreathingConfig>): Promise<BreathingResult>;
}
