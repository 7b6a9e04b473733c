import { describe, expect, it } from 'vitest';
import { SHORT_RANGE_CONFIG } from '../shared/config';
import type { FaceDetection, Point } from '../shared/types';
import { generateAnchors } from './anchors';
import { decodeDetections } from './decode';
import { letterbox, type Letterbox } from './letterbox';
import { weightedNms } from './nms';
import { projectToFrame } from './project';
import { splitOutputs } from './raw-outputs';

const INPUT = 128;

/** The inverse of projectToFrame (without clipping): frame pixels → 0..1 of the model input. */
function toInput(face: FaceDetection, fit: Letterbox): FaceDetection {
  const nx = (x: number): number => (x * fit.scale + fit.offsetX) / INPUT;
  const ny = (y: number): number => (y * fit.scale + fit.offsetY) / INPUT;
  return {
    score: face.score,
    box: {
      x: nx(face.box.x),
      y: ny(face.box.y),
      width: (face.box.width * fit.scale) / INPUT,
      height: (face.box.height * fit.scale) / INPUT,
    },
    keypoints: face.keypoints.map(([x, y]): Point => [nx(x), ny(y)]),
  };
}

function expectFaceClose(actual: FaceDetection, expected: FaceDetection, digits: number): void {
  expect(actual.score).toBeCloseTo(expected.score, digits);
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(actual.box[key]).toBeCloseTo(expected.box[key], digits);
  }
  actual.keypoints.forEach(([x, y], k) => {
    expect(x).toBeCloseTo(expected.keypoints[k]![0], digits);
    expect(y).toBeCloseTo(expected.keypoints[k]![1], digits);
  });
}

/** A face in frame pixels with BlazeFace-like keypoints. */
function frameFace(x: number, y: number, size: number, score = 0.9): FaceDetection {
  const at = (fx: number, fy: number): Point => [x + fx * size, y + fy * size];
  return {
    box: { x, y, width: size, height: size },
    score,
    keypoints: [at(0.3, 0.25), at(0.7, 0.25), at(0.5, 0.45), at(0.5, 0.7), at(0.02, 0.35), at(0.98, 0.35)],
  };
}

describe('projectToFrame', () => {
  it.each([
    ['landscape', 640, 480],
    ['portrait', 480, 640],
    ['square', 500, 500],
    ['small', 90, 60],
  ])('undoes the letterbox of a %s frame', (_name, w, h) => {
    const fit = letterbox(w, h, INPUT);
    const face = frameFace(w * 0.3, h * 0.2, Math.min(w, h) * 0.4);
    const [back] = projectToFrame([toInput(face, fit)], fit, INPUT, w, h);
    expectFaceClose(back!, face, 9);
  });

  it('maps the padding bands outside the frame', () => {
    const fit = letterbox(640, 480, INPUT); // 16 px bands above and below
    const band: FaceDetection = {
      box: { x: 0, y: 0, width: 1, height: 16 / INPUT },
      score: 1,
      keypoints: [[0, 0]],
    };
    const [face] = projectToFrame([band], fit, INPUT, 640, 480);
    expect(face!.box).toEqual({ x: 0, y: 0, width: 640, height: 0 });
    expect(face!.keypoints[0]).toEqual([0, -80]);
  });

  it('clips boxes to the frame but not keypoints', () => {
    const fit = letterbox(640, 480, INPUT);
    const face = frameFace(-40, 400, 160);
    const [clipped] = projectToFrame([toInput(face, fit)], fit, INPUT, 640, 480);
    expect(clipped!.box.x).toBe(0);
    expect(clipped!.box.y).toBeCloseTo(400, 9);
    expect(clipped!.box.width).toBeCloseTo(120, 9);
    expect(clipped!.box.height).toBeCloseTo(80, 9);
    expect(clipped!.keypoints[4]![0]).toBeCloseTo(-40 + 0.02 * 160, 9);
    expect(clipped!.keypoints[3]![1]).toBeCloseTo(400 + 0.7 * 160, 9);
  });
});

describe('the detection pipeline on synthetic model outputs', () => {
  /** Writes `face` (0..1 input coords) into the regressor rows of anchors as the model would. */
  function encode(
    raw: { scores: Float32Array; regressors: Float32Array },
    index: number,
    face: FaceDetection,
    logit: number,
  ): void {
    const anchors = generateAnchors(SHORT_RANGE_CONFIG);
    const [ax, ay] = [anchors[2 * index]!, anchors[2 * index + 1]!];
    const { x, y, width, height } = face.box;
    const row = [
      (x + width / 2 - ax) * INPUT,
      (y + height / 2 - ay) * INPUT,
      width * INPUT,
      height * INPUT,
      ...face.keypoints.flatMap(([kx, ky]) => [(kx - ax) * INPUT, (ky - ay) * INPUT]),
    ];
    raw.scores[index] = logit;
    raw.regressors.set(row, index * 16);
  }

  it('finds two faces in a 1280 × 720 frame from shuffled outputs', () => {
    const [w, h] = [1280, 720];
    const fit = letterbox(w, h, INPUT);
    const near = frameFace(700, 150, 400);
    const far = frameFace(100, 300, 120);
    const raw = { scores: new Float32Array(896).fill(-8), regressors: new Float32Array(896 * 16) };
    // Three anchors of one layer-1 cell fire on the near face, one layer-0 anchor on the far one.
    const cell = 512 + 6 * (3 * 8 + 5);
    encode(raw, cell, toInput(near, fit), 3);
    encode(raw, cell + 1, toInput(near, fit), 2);
    encode(raw, cell + 4, toInput(near, fit), 1);
    encode(raw, 2 * (9 * 16 + 1), toInput(far, fit), 1.5);

    const tensor = (from: Float32Array, start: number, rows: number, cols: number) => ({
      shape: [1, rows, cols],
      data: from.slice(start * cols, (start + rows) * cols),
    });
    const outputs = [
      tensor(raw.regressors, 512, 384, 16),
      tensor(raw.scores, 0, 512, 1),
      tensor(raw.regressors, 0, 512, 16),
      tensor(raw.scores, 512, 384, 1),
    ];
    const candidates = decodeDetections(
      splitOutputs(outputs, SHORT_RANGE_CONFIG),
      generateAnchors(SHORT_RANGE_CONFIG),
      SHORT_RANGE_CONFIG,
    );
    expect(candidates).toHaveLength(4);
    const faces = projectToFrame(weightedNms(candidates, SHORT_RANGE_CONFIG.iouThreshold), fit, INPUT, w, h);
    expect(faces).toHaveLength(2);
    // Float32 outputs: ~1e-7 of the 128-px input, i.e. ~1e-3 frame pixels.
    expectFaceClose(faces[0]!, { ...near, score: 1 / (1 + Math.exp(-3)) }, 2);
    expectFaceClose(faces[1]!, { ...far, score: 1 / (1 + Math.exp(-1.5)) }, 2);
  });
});
