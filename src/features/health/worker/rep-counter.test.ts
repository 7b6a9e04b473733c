import { describe, expect, it } from 'vitest';
import { KEYPOINT_INDEX as K, MOVENET_KEYPOINTS, type Keypoint, type RepUpdate } from '../shared/types';
import { createMedianFilter, createRepCounter, type RepCounter } from './rep-counter';
import { gaussian, mulberry32 } from './synthetic';

const FPS = 30;
const RAD = Math.PI / 180;

function blankPose(): Keypoint[] {
  return MOVENET_KEYPOINTS.map(() => ({ x: 300, y: 100, score: 0.9 }));
}

/** Side view of a squat with the given knee angle: ankles fixed, thighs and shins 200 px. */
function squatPose(kneeDeg: number): Keypoint[] {
  const pose = blankPose();
  const tilt = ((180 - kneeDeg) / 2) * RAD;
  for (const [hip, knee, ankle, dx] of [
    [K.leftHip, K.leftKnee, K.leftAnkle, 0],
    [K.rightHip, K.rightKnee, K.rightAnkle, 15],
  ] as const) {
    const a = { x: 300 + dx, y: 800 };
    const k = { x: a.x + 200 * Math.sin(tilt), y: a.y - 200 * Math.cos(tilt) };
    pose[ankle] = { ...a, score: 0.9 };
    pose[knee] = { ...k, score: 0.9 };
    pose[hip] = { x: k.x - 200 * Math.sin(tilt), y: k.y - 200 * Math.cos(tilt), score: 0.9 };
  }
  return pose;
}

/** Front view of a jumping jack, openness 0 (closed) .. 1 (arms overhead, feet wide). */
function jackPose(openness: number): Keypoint[] {
  const pose = blankPose();
  const arm = (10 + 150 * openness) * RAD;
  const feet = 15 + 50 * openness;
  const set = (i: number, x: number, y: number) => (pose[i] = { x, y, score: 0.9 });
  set(K.leftShoulder, 340, 300);
  set(K.rightShoulder, 260, 300);
  set(K.leftHip, 320, 500);
  set(K.rightHip, 280, 500);
  set(K.leftElbow, 340 + 110 * Math.sin(arm), 300 + 110 * Math.cos(arm));
  set(K.rightElbow, 260 - 110 * Math.sin(arm), 300 + 110 * Math.cos(arm));
  set(K.leftWrist, 340 + 220 * Math.sin(arm), 300 + 220 * Math.cos(arm));
  set(K.rightWrist, 260 - 220 * Math.sin(arm), 300 + 220 * Math.cos(arm));
  set(K.leftKnee, 300 + feet * 0.8, 650);
  set(K.rightKnee, 300 - feet * 0.8, 650);
  set(K.leftAnkle, 300 + feet, 800);
  set(K.rightAnkle, 300 - feet, 800);
  return pose;
}

/** `reps` smooth cycles of `seconds` each between rest (0) and full effort (1), with rests around. */
function cycles(reps: number, seconds = 2): number[] {
  const out = new Array<number>(FPS).fill(0);
  for (let i = 0; i < reps * seconds * FPS; i += 1)
    out.push((1 - Math.cos((2 * Math.PI * i) / (seconds * FPS))) / 2);
  return out.concat(new Array<number>(FPS).fill(0));
}

const squatAngle = (effort: number) => 175 - 95 * effort; // 175° standing, 80° at the bottom

function jitter(pose: Keypoint[], normal: () => number, px: number): Keypoint[] {
  return pose.map((k) => ({ x: k.x + px * normal(), y: k.y + px * normal(), score: k.score }));
}

function feed(counter: RepCounter, poses: Keypoint[][]): RepUpdate {
  let last: RepUpdate = { count: 0, state: 'unknown', angle: null };
  for (const pose of poses) last = counter.update(pose);
  return last;
}

describe('createRepCounter: squat', () => {
  it('counts 5 squats exactly', () => {
    const result = feed(
      createRepCounter('squat'),
      cycles(5).map((e) => squatPose(squatAngle(e))),
    );
    expect(result).toMatchObject({ count: 5, state: 'rest' });
    expect(result.angle).toBeCloseTo(175, 5);
  });

  it('counts 5 squats exactly with 4 px keypoint jitter', () => {
    const normal = gaussian(mulberry32(11));
    const poses = cycles(5).map((e) => jitter(squatPose(squatAngle(e)), normal, 4));
    expect(feed(createRepCounter('squat'), poses).count).toBe(5);
  });

  it('counts a hover around either threshold once', () => {
    const random = mulberry32(5);
    const hover = (deg: number) => Array.from({ length: 60 }, () => squatPose(deg + (random() * 2 - 1) * 6));
    const poses = [
      ...Array.from({ length: 10 }, () => squatPose(175)),
      ...hover(100), // wobbling across DOWN
      ...hover(160), // wobbling across UP: the rep completes once
      ...hover(100),
      ...hover(160),
      ...Array.from({ length: 10 }, () => squatPose(175)),
    ];
    expect(feed(createRepCounter('squat'), poses).count).toBe(2);
  });

  it('ignores a one-frame glitch', () => {
    const poses = Array.from({ length: 30 }, (_, i) => squatPose(i === 15 ? 60 : 175));
    expect(feed(createRepCounter('squat'), poses).count).toBe(0);
  });

  it('ignores low-confidence frames', () => {
    const counter = createRepCounter('squat');
    const unsure = (pose: Keypoint[]) =>
      pose.map((k, i) => (([K.leftKnee, K.rightKnee] as number[]).includes(i) ? { ...k, score: 0.1 } : k));
    // One real squat whose bottom half is seen only with unsure knees: it cannot count.
    const poses = cycles(1).map((e) => squatPose(squatAngle(e)));
    const hidden = poses.map((p, i) => (squatAngle(cycles(1)[i]!) < 130 ? unsure(p) : p));
    expect(feed(counter, hidden).count).toBe(0);
    // Unsure frames claiming a deep squat while standing change nothing either.
    const before = counter.update(squatPose(175));
    const after = feed(
      counter,
      Array.from({ length: 20 }, () => unsure(squatPose(60))),
    );
    expect(after).toEqual(before);
    expect(feed(counter, poses).count).toBe(1);
  });

  it('does not count a rep that started before the first standing frame', () => {
    const counter = createRepCounter('squat');
    const rising = Array.from({ length: 30 }, (_, i) => squatPose(80 + 3.2 * i));
    expect(feed(counter, rising)).toMatchObject({ count: 0, state: 'rest' });
    expect(
      feed(
        counter,
        cycles(2).map((e) => squatPose(squatAngle(e))),
      ).count,
    ).toBe(2);
  });

  it('starts over on reset', () => {
    const counter = createRepCounter('squat');
    feed(
      counter,
      cycles(2).map((e) => squatPose(squatAngle(e))),
    );
    counter.reset();
    expect(counter.update(blankPose().map((k) => ({ ...k, score: 0 })))).toEqual({
      count: 0,
      state: 'unknown',
      angle: null,
    });
  });

  it('takes thresholds from the config', () => {
    const shallow = cycles(3).map((e) => squatPose(175 - 50 * e)); // bottom at 125°
    expect(feed(createRepCounter('squat'), shallow).count).toBe(0);
    expect(feed(createRepCounter('squat', { downDeg: 130 }), shallow).count).toBe(3);
  });
});

describe('createRepCounter: jumping jack', () => {
  it('counts 7 jumping jacks exactly', () => {
    const result = feed(createRepCounter('jumping-jack'), cycles(7, 1).map(jackPose));
    expect(result).toMatchObject({ count: 7, state: 'rest' });
  });

  it('counts 7 jumping jacks exactly with 4 px keypoint jitter', () => {
    const normal = gaussian(mulberry32(12));
    const poses = cycles(7, 1).map((o) => jitter(jackPose(o), normal, 4));
    expect(feed(createRepCounter('jumping-jack'), poses).count).toBe(7);
  });

  it('needs the arms and the legs: arms alone or legs alone are no rep', () => {
    const armsOnly = cycles(3, 1).map((o) => {
      const pose = jackPose(o);
      const closed = jackPose(0);
      for (const i of [K.leftKnee, K.rightKnee, K.leftAnkle, K.rightAnkle]) pose[i] = closed[i]!;
      return pose;
    });
    expect(feed(createRepCounter('jumping-jack'), armsOnly).count).toBe(0);
    expect(feed(createRepCounter('jumping-jack', { useLegs: false }), armsOnly).count).toBe(3);
  });

  it('ignores frames with the ankles unsure', () => {
    const poses = cycles(3, 1).map((o) => {
      const pose = jackPose(o);
      if (o > 0.3) pose[K.leftAnkle] = { ...pose[K.leftAnkle]!, score: 0.05 };
      return pose;
    });
    expect(feed(createRepCounter('jumping-jack'), poses).count).toBe(0);
  });

  it('counts a hover around the open thresholds once', () => {
    const random = mulberry32(9);
    const poses = [
      ...Array.from({ length: 10 }, () => jackPose(0)),
      ...Array.from({ length: 60 }, () => jackPose(0.66 + (random() * 2 - 1) * 0.08)),
      ...Array.from({ length: 10 }, () => jackPose(0)),
    ];
    expect(feed(createRepCounter('jumping-jack'), poses).count).toBe(1);
  });

  it('does not count squats seen side-on, arms raised forward, as jumping jacks', () => {
    // Side-on, the hips overlap more the deeper the squat while the ankles stay a few pixels
    // apart, and arms raised forward open the hip–shoulder–wrist angle past armsUpDeg.
    const sideOn = (effort: number): Keypoint[] => {
      const pose = squatPose(squatAngle(effort));
      const hipGap = 12 - 10 * effort;
      pose[K.rightHip] = { ...pose[K.leftHip]!, x: pose[K.leftHip]!.x + hipGap };
      pose[K.rightAnkle] = { ...pose[K.leftAnkle]!, x: pose[K.leftAnkle]!.x + 8 };
      pose[K.rightKnee] = { ...pose[K.leftKnee]!, x: pose[K.leftKnee]!.x + 8 };
      const hip = pose[K.leftHip]!;
      const lean = 45 * effort * RAD;
      const shoulder = { x: hip.x + 250 * Math.sin(lean), y: hip.y - 250 * Math.cos(lean), score: 0.9 };
      const raise = (10 + 80 * effort) * RAD;
      const wrist = {
        x: shoulder.x + 220 * Math.sin(raise),
        y: shoulder.y + 220 * Math.cos(raise),
        score: 0.9,
      };
      for (const i of [K.leftShoulder, K.rightShoulder]) pose[i] = shoulder;
      for (const i of [K.leftWrist, K.rightWrist]) pose[i] = wrist;
      return pose;
    };
    const poses = cycles(3).map(sideOn);
    expect(feed(createRepCounter('squat'), poses).count).toBe(3);
    expect(feed(createRepCounter('jumping-jack'), poses).count).toBe(0);
  });

  it('rejects an unknown exercise with the valid ones', () => {
    expect(() => createRepCounter('burpee' as 'squat')).toThrow(/squat, jumping-jack/);
  });
});

describe('createMedianFilter', () => {
  it('is the median of the last n values', () => {
    const median = createMedianFilter(3);
    expect([5, 1, 9, 2, 2, 8].map((v) => median.push(v))).toEqual([5, 3, 5, 2, 2, 2]);
    median.clear();
    expect(median.push(7)).toBe(7);
    expect(() => createMedianFilter(0)).toThrow(RangeError);
  });
});
