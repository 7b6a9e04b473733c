import { describe, expect, it } from 'vitest';
import {
  accuracyShortfall,
  faceAccuracy,
  poseAccuracy,
  type FaceOutput,
  type PoseOutput,
} from './quant-suite';

const face = (x: number, score: number) => ({ box: { x, y: 0, width: 10, height: 10 }, score });
const photo = (...faces: FaceOutput['faces']): FaceOutput => ({
  kind: 'face',
  width: 100,
  height: 50,
  faces,
});
const pose = (dx: number, score = 0.5): PoseOutput => ({
  kind: 'pose',
  width: 200,
  height: 100,
  keypoints: [
    { x: 10 + dx, y: 10, score },
    { x: 50, y: 50, score: 0.9 },
  ],
});

describe('faceAccuracy', () => {
  it('gives IoU 1 and no score change against itself', () => {
    const ref = [photo(face(0, 0.9), face(50, 0.7)), photo()];
    expect(faceAccuracy(ref, ref)).toEqual({
      kind: 'face',
      photos: 2,
      referenceFaces: 2,
      faces: 2,
      countChanged: 0,
      meanIou: 1,
      meanScoreDiff: 0,
    });
  });

  it('counts a missed face as IoU 0 and the photo as changed', () => {
    const result = faceAccuracy([photo(face(0, 0.9), face(50, 0.7))], [photo(face(5, 0.8))]);
    expect(result.meanIou).toBeCloseTo(50 / 150 / 2);
    expect(result.meanScoreDiff).toBeCloseTo(0.1);
    expect(result.countChanged).toBe(1);
    expect(result.faces).toBe(1);
  });
});

describe('poseAccuracy', () => {
  it('measures keypoint distance in pixels and as a fraction of the longer side', () => {
    expect(poseAccuracy([pose(0)], [pose(0)])).toMatchObject({
      meanErrorPx: 0,
      maxError: 0,
      meanScoreDiff: 0,
    });
    const moved = poseAccuracy([pose(0)], [pose(20, 0.3)]);
    expect(moved.keypoints).toBe(2);
    expect(moved.meanErrorPx).toBe(10);
    expect(moved.meanError).toBeCloseTo(10 / 200);
    expect(moved.maxError).toBeCloseTo(20 / 200);
    expect(moved.meanScoreDiff).toBeCloseTo(0.1);
  });
});

describe('accuracyShortfall', () => {
  const face = (meanIou: number, countChanged: number) => ({
    kind: 'face' as const,
    photos: 4,
    referenceFaces: 10,
    faces: 10,
    countChanged,
    meanIou,
    meanScoreDiff: 0,
  });
  const pose = (meanError: number) => ({
    kind: 'pose' as const,
    photos: 5,
    keypoints: 85,
    meanErrorPx: 0,
    meanError,
    maxError: meanError,
    meanScoreDiff: 0,
  });

  it('holds each variant to its stated bound, inclusive', () => {
    expect(accuracyShortfall('blazeface-short', 'uint8', face(0.656, 3))).toEqual([]);
    expect(accuracyShortfall('blazeface-short', 'uint8', face(0.6, 3))).toEqual([]);
    expect(accuracyShortfall('blazeface-short', 'fp32', face(1, 0))).toEqual([]);
    expect(accuracyShortfall('movenet-lightning', 'uint8', pose(0.183))).toEqual([]);
    expect(accuracyShortfall('movenet-lightning', 'uint8', pose(0.25))).toEqual([]);
  });

  it('names every way a variant falls short: a variant that finds nothing fails', () => {
    expect(accuracyShortfall('blazeface-short', 'uint8', face(0, 4))).toEqual([
      'blazeface-short uint8: mean IoU 0.000 is under 0.6',
      'blazeface-short uint8: 4 photos found another number of faces',
    ]);
    expect(accuracyShortfall('blazeface-full', 'fp16', face(0.979, 0))).toEqual([
      'blazeface-full fp16: mean IoU 0.979 is under 0.98',
    ]);
    expect(accuracyShortfall('blazeface-full', 'uint8', face(0.95, 1))).toEqual([
      'blazeface-full uint8: 1 photos found another number of faces',
    ]);
    expect(accuracyShortfall('blazeface-short', 'fp16', face(Number.NaN, 0))).toHaveLength(1);
    expect(accuracyShortfall('movenet-lightning', 'uint8', pose(0.26))).toEqual([
      'movenet-lightning uint8: mean keypoint error 0.260 is over 0.25',
    ]);
  });

  it('fails what it cannot judge: nothing measured, nothing stated, or the wrong kind', () => {
    expect(accuracyShortfall('blazeface-short', 'uint8', null)).toEqual([
      'blazeface-short uint8: no accuracy was measured',
    ]);
    expect(accuracyShortfall('movenet-lightning', 'fp32', pose(0))).toEqual([
      'movenet-lightning fp32: no accuracy is stated for it',
    ]);
    expect(accuracyShortfall('movenet-lightning', 'fp16', face(1, 0))).toHaveLength(1);
    expect(accuracyShortfall('blazeface-short', 'fp16', pose(0))).toHaveLength(1);
  });
});
