import { describe, expect, it } from 'vitest';
import golden from '../../../../tests/fixtures/face/nms.json';
import type { Box, FaceDetection, Point } from '../shared/types';
import { weightedNms } from './nms';

const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });
const face = (
  b: Box,
  score: number,
  keypoints: Point[] = [[b.x + b.width / 2, b.y + b.height / 2]],
): FaceDetection => ({
  box: b,
  score,
  keypoints,
});

function expectFacesClose(actual: FaceDetection[], expected: FaceDetection[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(a.score).toBe(e.score);
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(a.box[key]).toBeCloseTo(e.box[key], 12);
    expect(a.keypoints).toHaveLength(e.keypoints.length);
    a.keypoints.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(e.keypoints[k]![0], 12);
      expect(y).toBeCloseTo(e.keypoints[k]![1], 12);
    });
  });
}

describe('weightedNms', () => {
  it.each(golden.cases)('$name', (c) => {
    expectFacesClose(weightedNms(c.input as FaceDetection[], c.iouThreshold), c.expected as FaceDetection[]);
  });

  it('stops at maxFaces, best first', () => {
    const [c] = golden.cases;
    const faces = weightedNms(c!.input as FaceDetection[], c!.iouThreshold, 1);
    expectFacesClose(faces, [c!.expected[0]] as FaceDetection[]);
    expect(weightedNms(c!.input as FaceDetection[], c!.iouThreshold, 0)).toEqual([]);
  });

  it('orders the output by score, not by input order', () => {
    const faces = weightedNms(
      [face(box(0, 0, 1, 1), 0.6), face(box(5, 0, 1, 1), 0.9), face(box(10, 0, 1, 1), 0.7)],
      0.3,
    );
    expect(faces.map((f) => f.score)).toEqual([0.9, 0.7, 0.6]);
  });

  it('merges only above the IoU threshold', () => {
    const pair = [face(box(0, 0, 4, 4), 0.9), face(box(2, 0, 4, 4), 0.8)]; // IoU exactly 1/3
    expect(weightedNms(pair, 8 / 24)).toHaveLength(2);
    expect(weightedNms(pair, 0.33)).toHaveLength(1);
  });

  it('averages a cluster of identical boxes to the same box', () => {
    const b = box(0.2, 0.3, 0.25, 0.25);
    const faces = weightedNms([face(b, 0.7), face(b, 0.9), face(b, 0.8)], 0.3);
    expect(faces).toHaveLength(1);
    expect(faces[0]!.score).toBe(0.9);
    expect(faces[0]!.box.x).toBeCloseTo(0.2, 15);
    expect(faces[0]!.box.width).toBeCloseTo(0.25, 15);
  });

  it('terminates on a zero-area box, which has no overlap even with itself', () => {
    const faces = weightedNms([face(box(0.5, 0.5, 0, 0), 0.9), face(box(0.5, 0.5, 0, 0), 0.8)], 0.3);
    expect(faces).toHaveLength(2);
  });

  it('leaves its input alone', () => {
    const [c] = golden.cases;
    const input = structuredClone(c!.input) as FaceDetection[];
    weightedNms(input, c!.iouThreshold);
    expect(input).toEqual(c!.input);
  });

  it('returns nothing for no candidates', () => {
    expect(weightedNms([], 0.3)).toEqual([]);
  });
});
