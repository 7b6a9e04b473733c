import { describe, expect, it } from 'vitest';
import { boxIou, faceAccuracy, poseAccuracy, type FaceOutput, type PoseOutput } from './quant-suite';

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

describe('boxIou', () => {
  it('is 1 for the same box, 0 apart, and the overlap over the union between', () => {
    expect(boxIou(face(0, 1).box, face(0, 1).box)).toBe(1);
    expect(boxIou(face(0, 1).box, face(20, 1).box)).toBe(0);
    expect(boxIou(face(0, 1).box, face(5, 1).box)).toBeCloseTo(50 / 150);
  });
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
