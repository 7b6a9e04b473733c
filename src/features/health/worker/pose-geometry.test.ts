import { describe, expect, it } from 'vitest';
import { KEYPOINT_INDEX, MOVENET_KEYPOINTS, type Keypoint } from '../shared/types';
import { armAbduction, jointAngle, kneeAngle, legSpread } from './pose-geometry';

const at = (x: number, y: number, score = 0.9): Keypoint => ({ x, y, score });

type Joint = 'Shoulder' | 'Elbow' | 'Wrist' | 'Hip' | 'Knee' | 'Ankle';

/** A standing body mirrored about x = 300: per joint, each side's distance from the middle, and the height. */
const STANDING: Record<Joint, [dx: number, y: number]> = {
  Shoulder: [40, 300],
  Elbow: [45, 400],
  Wrist: [50, 500],
  Hip: [20, 500],
  Knee: [20, 650],
  Ankle: [20, 800],
};

/** A standing pose facing the camera, every keypoint confident (the face's at the origin). */
function standing(): Keypoint[] {
  const pose = MOVENET_KEYPOINTS.map(() => at(0, 0));
  for (const joint of Object.keys(STANDING) as Joint[]) {
    const [dx, y] = STANDING[joint];
    pose[KEYPOINT_INDEX[`left${joint}`]] = at(300 + dx, y);
    pose[KEYPOINT_INDEX[`right${joint}`]] = at(300 - dx, y);
  }
  return pose;
}

describe('jointAngle', () => {
  it('measures the angle at the middle point', () => {
    expect(jointAngle(at(1, 0), at(0, 0), at(0, 1))).toBeCloseTo(90, 10);
    expect(jointAngle(at(-1, 0), at(0, 0), at(1, 0))).toBeCloseTo(180, 10);
    expect(jointAngle(at(1, 1), at(0, 0), at(2, 2))).toBeCloseTo(0, 5);
    expect(jointAngle(at(0, 0), at(0, 0), at(1, 0))).toBeNaN();
  });
});

describe('pose measures', () => {
  it('reads a standing pose: straight knees, arms down, feet at hip width', () => {
    const pose = standing();
    expect(kneeAngle(pose, 0.3)).toBeCloseTo(180, 5);
    expect(armAbduction(pose, 0.3)!).toBeLessThan(15);
    expect(legSpread(pose, 0.3)).toBeCloseTo(1, 10);
  });

  it('uses only the confident side, and nothing when no side is confident', () => {
    const pose = standing();
    pose[KEYPOINT_INDEX.leftKnee] = at(400, 650, 0.1); // a wild guess, low score
    expect(kneeAngle(pose, 0.3)).toBeCloseTo(180, 5);
    pose[KEYPOINT_INDEX.rightAnkle] = at(280, 800, 0.2);
    expect(kneeAngle(pose, 0.3)).toBeNull();
    expect(legSpread(pose, 0.3)).toBeNull();
  });

  it('reads a body turned side-on, hips overlapping, as narrow', () => {
    const pose = standing();
    pose[KEYPOINT_INDEX.rightHip] = at(318, 500); // 2 px from the left hip
    // The hip width counts as a fifth of the 200 px torso: 40 px, so the 40 px ankle gap reads 1, not 20.
    expect(legSpread(pose, 0.3)).toBeCloseTo(1, 2);
    // Without confident shoulders there is no torso to go by.
    pose[KEYPOINT_INDEX.leftShoulder] = at(340, 300, 0.1);
    expect(legSpread(pose, 0.3)).toBeCloseTo(20, 5);
  });

  it('falls back to the elbow for an unsure wrist', () => {
    const pose = standing();
    pose[KEYPOINT_INDEX.leftWrist] = at(0, 0, 0.05);
    pose[KEYPOINT_INDEX.rightWrist] = at(0, 0, 0.05);
    expect(armAbduction(pose, 0.3)!).toBeLessThan(15);
  });

  it('tolerates a short keypoint list', () => {
    expect(kneeAngle([], 0.3)).toBeNull();
    expect(armAbduction(standing().slice(0, 8), 0.3)).toBeNull();
  });
});
