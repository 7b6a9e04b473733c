import { describe, expect, it } from 'vitest';
import real from '../../../../tests/fixtures/face/faceid-mesh.json';
import { AppError } from '../../../shared/errors';
import { FACE_MESH_CROP_SCALE, FACE_MESH_INPUT_SIZE, FACE_MESH_LANDMARKS } from '../shared/config';
import type { FaceDetection, Point } from '../shared/types';
import { sigmoid } from './decode';
import {
  applyAffine,
  cropToFrameMatrix,
  faceFlagScore,
  frameToCropMatrix,
  invertAffine,
  meshBox,
  meshCrop,
  normalizeRadians,
  projectMesh,
  type AffineMatrix,
  type MeshCrop,
} from './mesh-crop';

const SIZE = FACE_MESH_INPUT_SIZE;
const DEG = Math.PI / 180;
const CENTRE: Point = [320, 240];
/** A level face's keypoints relative to its centre, frame pixels (right eye on the image left). */
const LEVEL_OFFSETS: Point[] = [
  [-30, -15],
  [30, -15],
  [0, 5],
  [0, 30],
  [-58, -5],
  [58, -5],
];

/** Turns an offset by `angle` clockwise on screen (y down): R = [[cos, −sin], [sin, cos]]. */
const turn = ([x, y]: Point, angle: number): Point => [
  x * Math.cos(angle) - y * Math.sin(angle),
  x * Math.sin(angle) + y * Math.cos(angle),
];

/** The same 120-px face, its head tilted by `degrees` (positive: clockwise on screen). */
function tiltedFace(degrees: number): FaceDetection {
  return {
    box: { x: CENTRE[0] - 60, y: CENTRE[1] - 60, width: 120, height: 120 },
    score: 0.9,
    keypoints: LEVEL_OFFSETS.map((p) => {
      const [dx, dy] = turn(p, degrees * DEG);
      return [CENTRE[0] + dx, CENTRE[1] + dy];
    }),
  };
}

/** m1 ∘ m2: apply m2, then m1. */
function compose(
  [a1, b1, c1, d1, e1, f1]: AffineMatrix,
  [a2, b2, c2, d2, e2, f2]: AffineMatrix,
): AffineMatrix {
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

function expectPointClose(actual: readonly number[], expected: readonly number[], digits = 9): void {
  expect(actual[0]).toBeCloseTo(expected[0]!, digits);
  expect(actual[1]).toBeCloseTo(expected[1]!, digits);
}

describe('normalizeRadians', () => {
  it('wraps into [-π, π)', () => {
    expect(normalizeRadians(0)).toBe(0);
    expect(normalizeRadians(Math.PI / 3)).toBeCloseTo(Math.PI / 3, 15);
    expect(normalizeRadians((3 * Math.PI) / 2)).toBeCloseTo(-Math.PI / 2, 15);
    expect(normalizeRadians(-(3 * Math.PI) / 2)).toBeCloseTo(Math.PI / 2, 15);
    expect(normalizeRadians(Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(normalizeRadians(-Math.PI)).toBeCloseTo(-Math.PI, 15);
    expect(normalizeRadians(7 * Math.PI)).toBeCloseTo(-Math.PI, 12);
  });
});

describe('meshCrop', () => {
  it('centres a square of 1.5 × the longer box side on the box', () => {
    const face: FaceDetection = { box: { x: 100, y: 50, width: 80, height: 100 }, score: 1, keypoints: [] };
    expect(meshCrop(face)).toEqual({
      centerX: 140,
      centerY: 100,
      size: 100 * FACE_MESH_CROP_SCALE,
      angle: 0,
    });
    expect(meshCrop(face, 2).size).toBe(200);
  });

  it('is level (angle 0) for a level face', () => {
    expect(meshCrop(tiltedFace(0)).angle).toBe(0);
  });

  it('is +30° for a face tilted 30° clockwise on screen (left eye lower), −30° the other way', () => {
    const clockwise = tiltedFace(30);
    expect(clockwise.keypoints[1]![1]).toBeGreaterThan(clockwise.keypoints[0]![1]);
    expect(meshCrop(clockwise).angle).toBeCloseTo(30 * DEG, 12);
    expect(meshCrop(tiltedFace(-30)).angle).toBeCloseTo(-30 * DEG, 12);
  });

  it('follows the tilt all the way round, wrapped to [-π, π)', () => {
    for (let degrees = -170; degrees <= 170; degrees += 20) {
      expect(meshCrop(tiltedFace(degrees)).angle).toBeCloseTo(degrees * DEG, 12);
    }
    expect(meshCrop(tiltedFace(180)).angle).toBeCloseTo(-Math.PI, 12);
  });

  it('reads the tilt of real faces turned ±30° with the same sign', () => {
    expect(Math.abs(meshCrop(real.upright.detection as FaceDetection).angle)).toBeLessThan(3 * DEG);
    const clockwise = meshCrop(real.clockwise30.detection as FaceDetection).angle / DEG;
    const counter = meshCrop(real.counterclockwise30.detection as FaceDetection).angle / DEG;
    expect(clockwise).toBeGreaterThan(25);
    expect(clockwise).toBeLessThan(35);
    expect(counter).toBeLessThan(-25);
    expect(counter).toBeGreaterThan(-35);
  });
});

describe('crop ↔ frame matrices', () => {
  const crops: MeshCrop[] = [
    { centerX: 320, centerY: 240, size: 180, angle: 0 },
    { centerX: 100.5, centerY: 77.25, size: 64, angle: 30 * DEG },
    { centerX: 900, centerY: 20, size: 700, angle: -2.5 },
    { centerX: 0, centerY: 0, size: 10, angle: -Math.PI },
  ];

  it.each(crops)('frameToCrop ∘ cropToFrame is the identity (%o)', (crop) => {
    const identity = compose(frameToCropMatrix(crop, SIZE), cropToFrameMatrix(crop, SIZE));
    [1, 0, 0, 1, 0, 0].forEach((v, i) => expect(identity[i]).toBeCloseTo(v, 9));
    const back = compose(cropToFrameMatrix(crop, SIZE), frameToCropMatrix(crop, SIZE));
    [1, 0, 0, 1, 0, 0].forEach((v, i) => expect(back[i]).toBeCloseTo(v, 9));
  });

  it('maps the crop centre to the crop centre in the frame', () => {
    for (const crop of crops) {
      expectPointClose(applyAffine(cropToFrameMatrix(crop, SIZE), SIZE / 2, SIZE / 2), [
        crop.centerX,
        crop.centerY,
      ]);
    }
  });

  it('without rotation, maps the crop corners to the square around the centre', () => {
    const m = cropToFrameMatrix(crops[0]!, SIZE);
    expectPointClose(applyAffine(m, 0, 0), [230, 150]);
    expectPointClose(applyAffine(m, SIZE, SIZE), [410, 330]);
  });

  it('turned 90° clockwise, sends the crop’s right edge below the centre and its top edge to the right', () => {
    const m = cropToFrameMatrix({ centerX: 100, centerY: 100, size: 50, angle: Math.PI / 2 }, SIZE);
    expectPointClose(applyAffine(m, SIZE, SIZE / 2), [100, 125]);
    expectPointClose(applyAffine(m, SIZE / 2, 0), [125, 100]);
  });

  it('levels the eyes of a tilted face inside the crop', () => {
    for (const degrees of [30, -30, 75]) {
      const face = tiltedFace(degrees);
      const toCrop = frameToCropMatrix(meshCrop(face), SIZE);
      const [right, left] = face.keypoints.map(([x, y]) => applyAffine(toCrop, x, y));
      expect(left![1]).toBeCloseTo(right![1], 9);
      expect(left![0]).toBeGreaterThan(right![0]);
    }
  });

  it('rejects a crop of size 0', () => {
    expect(() => frameToCropMatrix({ centerX: 0, centerY: 0, size: 0, angle: 0 }, SIZE)).toThrow(/singular/);
    expect(() => invertAffine([1, 2, 2, 4, 0, 0])).toThrow(RangeError);
  });
});

describe('projectMesh', () => {
  /** A mesh drawn level in crop pixels: landmarks 0-5 at the level keypoints, the rest at the centre. */
  function levelMesh(crop: MeshCrop): Float32Array {
    const raw = new Float32Array(FACE_MESH_LANDMARKS * 3).fill(SIZE / 2);
    const toCrop = SIZE / crop.size;
    LEVEL_OFFSETS.forEach(([dx, dy], i) => {
      raw[i * 3] = SIZE / 2 + dx * toCrop;
      raw[i * 3 + 1] = SIZE / 2 + dy * toCrop;
      raw[i * 3 + 2] = -12;
    });
    return raw;
  }

  it.each([0, 30, -30, 135])('puts a level mesh back onto a face tilted %i°', (degrees) => {
    const face = tiltedFace(degrees);
    const crop = meshCrop(face);
    const landmarks = projectMesh(levelMesh(crop), crop, SIZE);
    expect(landmarks).toHaveLength(FACE_MESH_LANDMARKS);
    // Float32 crop coordinates: ~1e-5 crop px.
    face.keypoints.forEach((kp, i) => expectPointClose(landmarks[i]!, kp, 3));
    expectPointClose(landmarks[100]!, CENTRE, 3);
  });

  it('scales z like x', () => {
    const crop = meshCrop(tiltedFace(30));
    const [first] = projectMesh(levelMesh(crop), crop, SIZE);
    expect(first![2]).toBeCloseTo((-12 * crop.size) / SIZE, 6);
  });

  it('rejects an output that is too short', () => {
    const crop = meshCrop(tiltedFace(0));
    expect(() => projectMesh(new Float32Array(1403), crop, SIZE)).toThrow(AppError);
    expect(() => projectMesh(new Float32Array(1403), crop, SIZE)).toThrow(/1404/);
  });
});

describe('meshBox', () => {
  it('bounds the landmarks', () => {
    expect(
      meshBox([
        [10, 20, 0],
        [30, 5, 1],
        [25, 40, -3],
      ]),
    ).toEqual({ x: 10, y: 5, width: 20, height: 35 });
  });

  it('bounds the real mesh about the detector box, from above the brows to the chin', () => {
    const box = meshBox(real.upright.landmarks as [number, number, number][]);
    const detector = real.upright.detection.box;
    expect(box.y).toBeLessThan(detector.y);
    expect(box.y + box.height).toBeCloseTo(detector.y + detector.height, -1);
    expect(box.width).toBeCloseTo(detector.width, -1);
  });

  it('rejects an empty mesh', () => {
    expect(() => meshBox([])).toThrow(RangeError);
  });
});

describe('faceFlagScore', () => {
  it('passes probabilities (the graph ends in a sigmoid) through', () => {
    expect(faceFlagScore(0)).toBe(0);
    expect(faceFlagScore(0.73)).toBe(0.73);
    expect(faceFlagScore(1)).toBe(1);
    expect(faceFlagScore(real.upright.faceflag)).toBe(real.upright.faceflag);
  });

  it('applies the sigmoid to values that can only be logits', () => {
    expect(faceFlagScore(3)).toBe(sigmoid(3));
    expect(faceFlagScore(-2)).toBe(sigmoid(-2));
    expect(faceFlagScore(-Infinity)).toBe(0);
  });

  it('treats NaN as no face', () => {
    expect(faceFlagScore(Number.NaN)).toBe(0);
  });
});
