/**
 * The figure of the workout clips as flat drawing instructions: each body part a tapered
 * capsule in clothing or skin colour, ordered far to near, plus the head. Pure, so the page
 * that paints it (body-media.ts) only fills shapes.
 */
import type { Joint, Projected } from './body-pose';

export type Rgb = readonly [number, number, number];

/** A capsule from a to b with radii ra and rb (frame pixels), shaded as a lit cylinder. */
export interface Capsule {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  ra: number;
  rb: number;
  colour: Rgb;
}

/** The head: an ellipse of hair and, over it, the face photo turned with the body. */
export interface Head {
  x: number;
  y: number;
  /** Half width and half height of the head (pixels). */
  rx: number;
  ry: number;
  /** The face's horizontal shift (pixels) and squeeze (0..1) as the body turns away. */
  faceShift: number;
  faceSqueeze: number;
}

export interface FigureDrawing {
  capsules: Capsule[];
  head: Head;
  /** Drawn after the capsules whose index is below this; the rest are nearer than the head. */
  headAfter: number;
}

/** Clothing and skin: a teal T-shirt, navy shorts, light trainers. */
export const COLOURS = {
  skin: [205, 150, 120],
  shirt: [32, 128, 128],
  shorts: [40, 48, 92],
  shoe: [225, 225, 218],
  hair: [52, 36, 28],
} as const satisfies Record<string, Rgb>;

/** Radii in metres of each part; torso radii depend on how far the body is turned. */
const R = {
  thigh: [0.075, 0.055],
  shin: [0.052, 0.04],
  upperArm: [0.05, 0.042],
  forearm: [0.04, 0.033],
  hand: 0.045,
  shoe: [0.045, 0.04],
  sleeve: 0.062,
  shortsLeg: 0.085,
  neck: 0.05,
  head: { rx: 0.085, ry: 0.11 },
} as const;

interface Part {
  capsule: Capsule;
  depth: number;
}

/** The drawing of one posed, projected skeleton; `scale` is pixels per metre, `yawDeg` the body's turn. */
export function figureDrawing(p: Record<Joint, Projected>, scale: number, yawDeg: number): FigureDrawing {
  const parts: Part[] = [];
  const yaw = (yawDeg * Math.PI) / 180;
  const front = Math.abs(Math.cos(yaw));
  const side = Math.abs(Math.sin(yaw));
  const lerp = (a: Projected, b: Projected, k: number): Projected => ({
    x: a.x + (b.x - a.x) * k,
    y: a.y + (b.y - a.y) * k,
    depth: a.depth + (b.depth - a.depth) * k,
  });
  const add = (a: Projected, b: Projected, ra: number, rb: number, colour: Rgb, bias = 0) =>
    parts.push({
      capsule: { ax: a.x, ay: a.y, bx: b.x, by: b.y, ra: ra * scale, rb: rb * scale, colour },
      depth: (a.depth + b.depth) / 2 + bias,
    });

  for (const s of ['left', 'right'] as const) {
    const hip = p[`${s}Hip`];
    const knee = p[`${s}Knee`];
    const ankle = p[`${s}Ankle`];
    add(hip, knee, R.thigh[0], R.thigh[1], COLOURS.skin, -0.02);
    add(hip, lerp(hip, knee, 0.55), R.shortsLeg, R.shortsLeg * 0.92, COLOURS.shorts, 0);
    add(knee, ankle, R.shin[0], R.shin[1], COLOURS.skin, -0.02);
    add(ankle, p[`${s}Toe`], R.shoe[0], R.shoe[1], COLOURS.shoe, -0.018);
    const shoulder = p[`${s}Shoulder`];
    const elbow = p[`${s}Elbow`];
    const wrist = p[`${s}Wrist`];
    add(shoulder, elbow, R.upperArm[0], R.upperArm[1], COLOURS.skin, 0.02);
    add(shoulder, lerp(shoulder, elbow, 0.5), R.sleeve, R.sleeve * 0.9, COLOURS.shirt, 0.022);
    add(elbow, wrist, R.forearm[0], R.forearm[1], COLOURS.skin, 0.022);
    add(wrist, p[`${s}Hand`], R.hand, R.hand * 0.9, COLOURS.skin, 0.023);
  }
  const pelvisHalf = 0.15 * front + 0.11 * side;
  const chestHalf = 0.17 * front + 0.12 * side;
  add(p.leftHip, p.rightHip, 0.1, 0.1, COLOURS.shorts, 0.001);
  add(lerp(p.pelvis, p.neck, 0.06), lerp(p.pelvis, p.neck, 0.8), pelvisHalf, chestHalf, COLOURS.shirt, 0.004);
  add(p.leftShoulder, p.rightShoulder, 0.075, 0.075, COLOURS.shirt, 0.005);
  add(p.neck, lerp(p.neck, p.head, 0.55), R.neck, R.neck, COLOURS.skin, 0.003);

  parts.sort((a, b) => a.depth - b.depth);
  // The head sits over the shirt's collar, under arms that pass in front of it.
  const headDepth = p.head.depth + 0.01;
  const head: Head = {
    x: p.head.x,
    y: p.head.y,
    rx: R.head.rx * scale,
    ry: R.head.ry * scale,
    faceShift: Math.sin(yaw) * R.head.rx * 0.55 * scale,
    faceSqueeze: Math.max(0.3, front),
  };
  return {
    capsules: parts.map((part) => part.capsule),
    head,
    headAfter: parts.filter((part) => part.depth <= headDepth).length,
  };
}
