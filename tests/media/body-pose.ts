/**
 * The body behind the workout clips, as pure functions: a 3D skeleton (metres; x to the camera's
 * right, y up, z towards the camera) posed by one number per exercise, turned about the vertical
 * and projected to frame pixels, and a rep timeline with a known count whose tempo, depth and
 * pauses vary from rep to rep. body-media.ts draws the figure and writes the clips.
 */

export type Vec3 = readonly [x: number, y: number, z: number];

/** Joint names of the figure; the 17 MoveNet keypoints are among them or between them. */
export const JOINTS = [
  'head',
  'neck',
  'leftShoulder',
  'rightShoulder',
  'leftElbow',
  'rightElbow',
  'leftWrist',
  'rightWrist',
  'leftHand',
  'rightHand',
  'pelvis',
  'leftHip',
  'rightHip',
  'leftKnee',
  'rightKnee',
  'leftAnkle',
  'rightAnkle',
  'leftToe',
  'rightToe',
] as const;
export type Joint = (typeof JOINTS)[number];
export type Skeleton = Record<Joint, Vec3>;

/** Segment lengths (m) of an adult about 1.75 m tall. */
export const BODY = {
  shin: 0.44,
  thigh: 0.44,
  ankleHeight: 0.08,
  hipHalfWidth: 0.1,
  shoulderHalfWidth: 0.19,
  torso: 0.5,
  neck: 0.1,
  headCentre: 0.14,
  upperArm: 0.3,
  forearm: 0.26,
  hand: 0.08,
  foot: 0.16,
  /** Half the distance between the ankles standing. */
  stance: 0.12,
} as const;

const RAD = Math.PI / 180;

const add = (a: Vec3, b: Vec3, k = 1): Vec3 => [a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2]];

/** Idle motion a standing person never quite stops: a sway of the whole body and of the arms. */
export interface Idle {
  /** Sideways shift of the whole body (m). */
  shift: number;
  /** Extra arm angle (degrees) outwards from the body. */
  armSwing: number;
}

/**
 * A squat seen in the body's own frame: `depth` 0 stands, 1 is the bottom (knee angle
 * `bottomKneeDeg`). Ankles stay put, shins tilt forward, hips go back, the torso leans forward
 * and the arms rise forward for balance, as people do in a bodyweight squat.
 */
export function squatSkeleton(depth: number, bottomKneeDeg: number, idle: Idle): Skeleton {
  const flexion = (178 - bottomKneeDeg) * depth + 2; // 180 − knee angle
  const shinTilt = 0.38 * flexion * RAD;
  const thighTilt = 0.62 * flexion * RAD;
  const lean = (4 + 0.7 * 0.62 * flexion) * RAD;
  const armRaise = (6 + 80 * depth + idle.armSwing) * RAD;
  const kneesOut = 0.04 * depth;
  const side = (sign: 1 | -1) => {
    const ankle: Vec3 = [sign * BODY.stance + idle.shift, BODY.ankleHeight, 0];
    const knee = add(ankle, [sign * kneesOut, Math.cos(shinTilt), Math.sin(shinTilt)], BODY.shin);
    const hipX = sign * BODY.hipHalfWidth + idle.shift;
    const hip: Vec3 = [
      hipX,
      knee[1] + BODY.thigh * Math.cos(thighTilt),
      knee[2] - BODY.thigh * Math.sin(thighTilt),
    ];
    return { ankle, knee, hip };
  };
  const left = side(1);
  const right = side(-1);
  const pelvis: Vec3 = [idle.shift, left.hip[1], left.hip[2]];
  const up: Vec3 = [0, Math.cos(lean), Math.sin(lean)];
  const neck = add(pelvis, up, BODY.torso);
  const shoulder = (sign: 1 | -1): Vec3 => add(neck, [sign * BODY.shoulderHalfWidth, -0.03, 0]);
  const arm: Vec3 = [0, -Math.cos(armRaise), Math.sin(armRaise)];
  return limbs({
    pelvis,
    neck,
    head: add(neck, [0, Math.cos(lean * 0.5), Math.sin(lean * 0.5)], BODY.headCentre),
    shoulders: [shoulder(1), shoulder(-1)],
    arms: [arm, arm],
    elbowBend: 8 * RAD,
    hips: [left.hip, right.hip],
    knees: [left.knee, right.knee],
    ankles: [left.ankle, right.ankle],
  });
}

/** Half the distance between the ankles with the feet together, as a jumping jack starts. */
const JACK_CLOSED_STANCE = 0.08;

/**
 * A jumping jack: `open` 0 stands with arms down and feet together, 1 has the arms overhead
 * (abduction `topArmDeg`) and the feet `feetApart` m from the midline; the body is off the
 * ground between the two.
 */
export function jackSkeleton(open: number, topArmDeg: number, feetApart: number, idle: Idle): Skeleton {
  const hop = 0.07 * Math.sin(Math.PI * Math.min(1, Math.max(0, open)));
  const abduction = (8 + (topArmDeg - 8) * open + idle.armSwing * (1 - open)) * RAD;
  const footX = JACK_CLOSED_STANCE + (feetApart - JACK_CLOSED_STANCE) * open;
  const legLength = BODY.thigh + BODY.shin;
  const side = (sign: 1 | -1) => {
    const hip: Vec3 = [sign * BODY.hipHalfWidth + idle.shift, BODY.ankleHeight + legLength + hop, 0];
    const out = sign * (footX - BODY.hipHalfWidth);
    const drop = Math.sqrt(legLength * legLength - out * out);
    const ankle: Vec3 = [hip[0] + out, hip[1] - drop, 0];
    const knee: Vec3 = [(hip[0] + ankle[0]) / 2, (hip[1] + ankle[1]) / 2, 0.01];
    return { hip, knee, ankle };
  };
  const left = side(1);
  const right = side(-1);
  const pelvis: Vec3 = [idle.shift, left.hip[1], 0];
  const neck = add(pelvis, [0, 1, 0], BODY.torso);
  const shoulder = (sign: 1 | -1): Vec3 => add(neck, [sign * BODY.shoulderHalfWidth, -0.03, 0]);
  return limbs({
    pelvis,
    neck,
    head: add(neck, [0, 1, 0], BODY.headCentre),
    shoulders: [shoulder(1), shoulder(-1)],
    arms: [
      [Math.sin(abduction), -Math.cos(abduction), 0.05],
      [-Math.sin(abduction), -Math.cos(abduction), 0.05],
    ],
    elbowBend: 12 * RAD,
    hips: [left.hip, right.hip],
    knees: [left.knee, right.knee],
    ankles: [left.ankle, right.ankle],
  });
}

interface Trunk {
  pelvis: Vec3;
  neck: Vec3;
  head: Vec3;
  shoulders: [Vec3, Vec3];
  /** Unit direction of each whole arm from its shoulder. */
  arms: [Vec3, Vec3];
  /** The forearm turns this much further from the upper arm, towards the body's front. */
  elbowBend: number;
  hips: [Vec3, Vec3];
  knees: [Vec3, Vec3];
  ankles: [Vec3, Vec3];
}

/** Elbows, wrists, hands and toes from the trunk and legs. */
function limbs(t: Trunk): Skeleton {
  const arm = (i: 0 | 1) => {
    const d = t.arms[i];
    const elbow = add(t.shoulders[i], d, BODY.upperArm);
    const c = Math.cos(t.elbowBend);
    const s = Math.sin(t.elbowBend);
    // Bend in the plane of the arm and the body's forward direction (+z).
    const fore: Vec3 = [d[0] * c, d[1] * c + s * 0.2, d[2] * c + s];
    const norm = Math.hypot(...fore);
    const unit: Vec3 = [fore[0] / norm, fore[1] / norm, fore[2] / norm];
    const wrist = add(elbow, unit, BODY.forearm);
    return { elbow, wrist, hand: add(wrist, unit, BODY.hand) };
  };
  const left = arm(0);
  const right = arm(1);
  const toe = (ankle: Vec3, sign: 1 | -1): Vec3 => add(ankle, [sign * 0.04, -0.06, BODY.foot]);
  return {
    head: t.head,
    neck: t.neck,
    leftShoulder: t.shoulders[0],
    rightShoulder: t.shoulders[1],
    leftElbow: left.elbow,
    rightElbow: right.elbow,
    leftWrist: left.wrist,
    rightWrist: right.wrist,
    leftHand: left.hand,
    rightHand: right.hand,
    pelvis: t.pelvis,
    leftHip: t.hips[0],
    rightHip: t.hips[1],
    leftKnee: t.knees[0],
    rightKnee: t.knees[1],
    leftAnkle: t.ankles[0],
    rightAnkle: t.ankles[1],
    leftToe: toe(t.ankles[0], 1),
    rightToe: toe(t.ankles[1], -1),
  };
}

/** Where the camera stands: the body is turned `yawDeg` about the vertical (90 = side-on, facing right). */
export interface View {
  yawDeg: number;
  /** Frame pixels per metre. */
  scale: number;
  /** Frame position of the point between the feet on the floor. */
  floorX: number;
  floorY: number;
}

/** A joint in the frame: x, y in pixels, and depth in metres (larger is nearer the camera). */
export interface Projected {
  x: number;
  y: number;
  depth: number;
}

/** Turns the skeleton by the view's yaw and projects it orthographically into the frame. */
export function project(skeleton: Skeleton, view: View): Record<Joint, Projected> {
  const yaw = view.yawDeg * RAD;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const out = {} as Record<Joint, Projected>;
  for (const joint of JOINTS) {
    const [x, y, z] = skeleton[joint];
    out[joint] = {
      x: view.floorX + view.scale * (x * c + z * s),
      y: view.floorY - view.scale * y,
      depth: -x * s + z * c,
    };
  }
  return out;
}

/** One rep: how long it takes (s), how deep or wide it goes (0..1 of the exercise's range), the rest after it. */
export interface Rep {
  seconds: number;
  amount: number;
  pauseAfter: number;
}

/** A clip's timeline: still at the start, the reps, still at the end. */
export interface Timeline {
  leadSeconds: number;
  reps: readonly Rep[];
  tailSeconds: number;
}

export function timelineSeconds(timeline: Timeline): number {
  return (
    timeline.leadSeconds +
    timeline.reps.reduce((sum, rep) => sum + rep.seconds + rep.pauseAfter, 0) +
    timeline.tailSeconds
  );
}

/** Smoothstep: eases in and out of each end. */
const ease = (u: number): number => (u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u));

/**
 * How far into the movement the body is at `t`: 0 between reps, up to the rep's amount during
 * it. A rep goes out over `out` of its time, holds, and comes back over `back`, the rest
 * still. Returns the rep index too (−1 outside any rep).
 */
export function effortAt(
  timeline: Timeline,
  t: number,
  shape: { out: number; hold: number; back: number },
): { effort: number; rep: number } {
  let start = timeline.leadSeconds;
  for (let i = 0; i < timeline.reps.length; i++) {
    const rep = timeline.reps[i]!;
    if (t < start) return { effort: 0, rep: -1 };
    if (t < start + rep.seconds) {
      const u = (t - start) / rep.seconds;
      const rise = ease(u / shape.out);
      const fall = ease((u - shape.out - shape.hold) / shape.back);
      return { effort: rep.amount * (u < shape.out + shape.hold ? rise : 1 - fall), rep: i };
    }
    start += rep.seconds + rep.pauseAfter;
  }
  return { effort: 0, rep: -1 };
}
