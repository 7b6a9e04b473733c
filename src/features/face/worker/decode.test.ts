import { describe, expect, it } from 'vitest';
import golden from '../../../../tests/fixtures/face/decode.json';
import { FACE_DETECTOR_CONFIGS, SHORT_RANGE_CONFIG } from '../shared/config';
import { generateAnchors } from './anchors';
import { decodeDetections, scoreFromLogit, sigmoid } from './decode';
import type { RawDetections } from './raw-outputs';

/** Raw outputs where every anchor is silent (logit −10, zero offsets). */
function silent(count = 896, numCoords = 16): RawDetections {
  return { scores: new Float32Array(count).fill(-10), regressors: new Float32Array(count * numCoords) };
}

/** Float32 inputs carry ~7 significant digits. */
const DIGITS = 6;

describe('sigmoid and score clipping', () => {
  it('is the logistic function', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(0.8807970779778823, 15);
    expect(sigmoid(-2)).toBeCloseTo(1 - 0.8807970779778823, 15);
  });

  it('clips logits to ±scoreClip before the sigmoid', () => {
    expect(scoreFromLogit(1e4, 100)).toBe(sigmoid(100));
    expect(scoreFromLogit(-1e4, 100)).toBe(sigmoid(-100));
    expect(scoreFromLogit(-1e4, 100)).toBeGreaterThan(0);
    expect(scoreFromLogit(-Infinity, 100)).toBe(sigmoid(-100));
    expect(scoreFromLogit(3, 2)).toBe(sigmoid(2));
    expect(scoreFromLogit(1.5, 2)).toBe(sigmoid(1.5));
  });
});

describe('decodeDetections', () => {
  it.each(golden.cases)('decodes $name', (c) => {
    const config = FACE_DETECTOR_CONFIGS[c.mode as 'short' | 'full'];
    const raw = silent();
    raw.scores[c.anchorIndex] = c.logit;
    raw.regressors.set(c.regressor, c.anchorIndex * 16);
    const anchors = generateAnchors(config);
    expect([anchors[2 * c.anchorIndex], anchors[2 * c.anchorIndex + 1]]).toEqual(c.anchor);

    const faces = decodeDetections(raw, anchors, config, 0.5);
    expect(faces).toHaveLength(1);
    const [face] = faces;
    expect(face!.score).toBeCloseTo(c.expected.score, DIGITS);
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      expect(face!.box[key]).toBeCloseTo(c.expected.box[key], DIGITS);
    }
    expect(face!.keypoints).toHaveLength(6);
    face!.keypoints.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(c.expected.keypoints[k]![0]!, DIGITS);
      expect(y).toBeCloseTo(c.expected.keypoints[k]![1]!, DIGITS);
    });
  });

  it('uses the config minimum score by default and keeps scores equal to the threshold', () => {
    const raw = silent();
    raw.scores[10] = 0.2; // sigmoid ≈ 0.550
    raw.scores[20] = -0.2; // sigmoid ≈ 0.450
    raw.scores[30] = 0; // sigmoid = 0.5 exactly
    raw.regressors.fill(8);
    const anchors = generateAnchors(SHORT_RANGE_CONFIG);
    const byDefault = decodeDetections(raw, anchors, SHORT_RANGE_CONFIG);
    expect(byDefault).toHaveLength(2);
    expect(byDefault[0]!.score).toBeCloseTo(sigmoid(0.2), DIGITS);
    expect(byDefault[1]!.score).toBe(0.5);
    expect(decodeDetections(raw, anchors, SHORT_RANGE_CONFIG, 0.4)).toHaveLength(3);
    expect(decodeDetections(raw, anchors, SHORT_RANGE_CONFIG, 0.6)).toHaveLength(0);
  });

  it('returns candidates in anchor order', () => {
    const raw = silent();
    raw.scores[700] = 5;
    raw.scores[3] = 1;
    raw.regressors.fill(8);
    const faces = decodeDetections(raw, generateAnchors(SHORT_RANGE_CONFIG), SHORT_RANGE_CONFIG);
    expect(faces).toHaveLength(2);
    expect(faces[0]!.score).toBe(sigmoid(1));
    expect(faces[1]!.score).toBe(sigmoid(5));
  });

  it('drops NaN scores and boxes predicted with a negative size', () => {
    const raw = silent();
    raw.scores[1] = Number.NaN;
    raw.scores[2] = 4;
    raw.regressors[2 * 16 + 2] = -10; // negative width
    raw.scores[3] = 4;
    raw.regressors[3 * 16 + 3] = -10; // negative height
    raw.scores[4] = 4;
    const faces = decodeDetections(raw, generateAnchors(SHORT_RANGE_CONFIG), SHORT_RANGE_CONFIG);
    expect(faces).toHaveLength(1);
    expect(faces[0]!.box.width).toBe(0);
  });

  it('finds nothing in a silent output', () => {
    expect(decodeDetections(silent(), generateAnchors(SHORT_RANGE_CONFIG), SHORT_RANGE_CONFIG)).toEqual([]);
  });

  it('rejects outputs and anchors of different lengths', () => {
    const anchors = generateAnchors(SHORT_RANGE_CONFIG);
    expect(() => decodeDetections(silent(895), anchors, SHORT_RANGE_CONFIG)).toThrow(/should all be equal/);
    const raw = silent();
    raw.regressors = new Float32Array(896 * 17);
    expect(() => decodeDetections(raw, anchors, SHORT_RANGE_CONFIG)).toThrow(RangeError);
  });
});
