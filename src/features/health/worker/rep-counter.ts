/**
 * Exercise rep counting from MoveNet keypoints, one frame at a time: a measure per frame (knee
 * angle, or arm abduction and leg spread), a running median over the last few valid frames, and
 * a state machine with two thresholds. The gap between the thresholds (hysteresis) means noise
 * around either one cannot count twice; the median means a one-frame glitch cannot count at all.
 */
import {
  DEFAULT_JUMPING_JACK_CONFIG,
  DEFAULT_SQUAT_CONFIG,
  type JumpingJackConfig,
  type SquatConfig,
} from '../shared/config';
import type { Exercise, Keypoint, RepPhase, RepUpdate } from '../shared/types';
import { armAbduction, kneeAngle, legSpread } from './pose-geometry';

export interface RepCounter {
  /** Feeds one frame's 17 keypoints; a frame without confident keypoints changes nothing. */
  update(keypoints: readonly Keypoint[]): RepUpdate;
  reset(): void;
}

/** Running median of the last `size` values, allocation-free after creation. */
export function createMedianFilter(size: number): { push(value: number): number; clear(): void } {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Median length must be ≥ 1, got ${size}.`);
  const ring = new Float64Array(size);
  const sorted = new Float64Array(size);
  let count = 0;
  let next = 0;
  return {
    push(value) {
      ring[next] = value;
      next = (next + 1) % size;
      count = Math.min(count + 1, size);
      for (let i = 0; i < count; i += 1) {
        const v = ring[i]!;
        let j = i - 1;
        for (; j >= 0 && sorted[j]! > v; j -= 1) sorted[j + 1] = sorted[j]!;
        sorted[j + 1] = v;
      }
      const mid = count >> 1;
      return count % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    },
    clear() {
      count = 0;
      next = 0;
    },
  };
}

/** One frame reduced to a smoothed angle and, if it is past a threshold, the phase it shows. */
type Reading = { angle: number; phase: 'rest' | 'active' | null };

/** Turns readings into counts; a rep is active → rest, and nothing counts before the first rest. */
function createPhaseCounter(
  read: (keypoints: readonly Keypoint[]) => Reading | null,
  clear: () => void,
): RepCounter {
  let count = 0;
  let state: RepPhase = 'unknown';
  let angle: number | null = null;
  return {
    update(keypoints) {
      const reading = read(keypoints);
      if (reading) {
        angle = reading.angle;
        if (reading.phase === 'rest') {
          if (state === 'active') count += 1;
          state = 'rest';
        } else if (reading.phase === 'active' && state === 'rest') {
          state = 'active';
        }
      }
      return { count, state, angle };
    },
    reset() {
      count = 0;
      state = 'unknown';
      angle = null;
      clear();
    },
  };
}

function squatCounter(c: SquatConfig): RepCounter {
  const median = createMedianFilter(c.smoothingFrames);
  return createPhaseCounter(
    (keypoints) => {
      const raw = kneeAngle(keypoints, c.minScore);
      if (raw === null) return null;
      const angle = median.push(raw);
      return { angle, phase: angle < c.downDeg ? 'active' : angle > c.upDeg ? 'rest' : null };
    },
    () => median.clear(),
  );
}

function jumpingJackCounter(c: JumpingJackConfig): RepCounter {
  const arms = createMedianFilter(c.smoothingFrames);
  const legs = createMedianFilter(c.smoothingFrames);
  return createPhaseCounter(
    (keypoints) => {
      const rawArms = armAbduction(keypoints, c.minScore);
      const rawLegs = c.useLegs ? legSpread(keypoints, c.minScore) : null;
      if (rawArms === null || (c.useLegs && rawLegs === null)) return null;
      const angle = arms.push(rawArms);
      const spread = rawLegs === null ? null : legs.push(rawLegs);
      const open = angle > c.armsUpDeg && (spread === null || spread > c.legsApartRatio);
      const closed = angle < c.armsDownDeg && (spread === null || spread < c.legsClosedRatio);
      return { angle, phase: open ? 'active' : closed ? 'rest' : null };
    },
    () => {
      arms.clear();
      legs.clear();
    },
  );
}

/** A rep counter for one exercise; config overrides the exercise's defaults. */
export function createRepCounter(exercise: 'squat', config?: Partial<SquatConfig>): RepCounter;
export function createRepCounter(exercise: 'jumping-jack', config?: Partial<JumpingJackConfig>): RepCounter;
export function createRepCounter(
  exercise: Exercise,
  config?: Partial<SquatConfig & JumpingJackConfig>,
): RepCounter;
export function createRepCounter(
  exercise: Exercise,
  config: Partial<SquatConfig & JumpingJackConfig> = {},
): RepCounter {
  switch (exercise) {
    case 'squat':
      return squatCounter({ ...DEFAULT_SQUAT_CONFIG, ...config });
    case 'jumping-jack':
      return jumpingJackCounter({ ...DEFAULT_JUMPING_JACK_CONFIG, ...config });
    default:
      throw new RangeError(`Unknown exercise "${String(exercise)}"; expected one of: squat, jumping-jack.`);
  }
}
