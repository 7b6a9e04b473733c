import { describe, expect, it } from 'vitest';
import { letterbox } from '../../face/worker/letterbox';
import { decodePose, MOVENET_INPUT_SIZE } from './pose';

describe('decodePose', () => {
  it('maps (y, x) input fractions back to frame pixels through the letterbox', () => {
    const box = letterbox(640, 480, MOVENET_INPUT_SIZE);
    // A point at frame (320, 240) sits at the input centre; (0, 0) at the top-left of the drawn area.
    const output = new Float32Array(17 * 3);
    output.set([0.5, 0.5, 0.9], 0);
    output.set([box.offsetY / 192, box.offsetX / 192, 0.4], 3);
    const keypoints = decodePose(output, box);
    expect(keypoints).toHaveLength(17);
    expect(keypoints[0]!.x).toBeCloseTo(320, 6);
    expect(keypoints[0]!.y).toBeCloseTo(240, 6);
    expect(keypoints[0]!.score).toBeCloseTo(0.9, 6);
    expect(keypoints[1]!.x).toBeCloseTo(0, 6);
    expect(keypoints[1]!.y).toBeCloseTo(0, 6);
  });

  it('rejects a short output', () => {
    expect(() => decodePose(new Float32Array(10), letterbox(10, 10, 192))).toThrow(/expected 51/);
  });
});
