import { describe, expect, it } from 'vitest';
import full from '../../../../tests/fixtures/face/anchors-full.json';
import short from '../../../../tests/fixtures/face/anchors-short.json';
import { FULL_RANGE_CONFIG, SHORT_RANGE_CONFIG, type FaceDetectorConfig } from '../shared/config';
import { anchorCount, generateAnchors, gridSize, layerAnchorCounts } from './anchors';

const anchorAt = (anchors: Float32Array, i: number): number[] => [anchors[2 * i]!, anchors[2 * i + 1]!];

describe.each([
  ['short', SHORT_RANGE_CONFIG, short],
  ['full', FULL_RANGE_CONFIG, full],
] as const)('generateAnchors (%s range)', (_mode, config, golden) => {
  const anchors = generateAnchors(config);

  it('makes 896 anchors, 512 in layer 0 and 384 in layer 1', () => {
    expect(anchorCount(config)).toBe(golden.count);
    expect(layerAnchorCounts(config)).toEqual(golden.layerCounts);
    expect(anchors).toHaveLength(2 * golden.count);
  });

  it('matches the golden first, last and sampled anchors exactly', () => {
    golden.first.forEach((anchor, i) => expect(anchorAt(anchors, i)).toEqual(anchor));
    golden.last.forEach((anchor, i) =>
      expect(anchorAt(anchors, golden.count - golden.last.length + i)).toEqual(anchor),
    );
    for (const [index, anchor] of Object.entries(golden.samples)) {
      expect(anchorAt(anchors, Number(index))).toEqual(anchor);
    }
  });

  it('repeats each centre for every anchor of its cell', () => {
    for (let cell = 0; cell < 256; cell++)
      expect(anchorAt(anchors, 2 * cell + 1)).toEqual(anchorAt(anchors, 2 * cell));
    for (let cell = 0; cell < 64; cell++) {
      const first = 512 + 6 * cell;
      for (let a = 1; a < 6; a++) expect(anchorAt(anchors, first + a)).toEqual(anchorAt(anchors, first));
    }
  });

  it('keeps every centre strictly inside the input', () => {
    expect(anchors.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('is memoized per config', () => {
    expect(generateAnchors(config)).toBe(anchors);
  });
});

describe('anchor grid', () => {
  it('rounds the grid up when the stride does not divide the input, as MediaPipe does', () => {
    expect(gridSize(100, 16)).toBe(7);
    const config: FaceDetectorConfig = {
      ...SHORT_RANGE_CONFIG,
      inputSize: 100,
      strides: [16],
      anchorsPerCell: [1],
    };
    const anchors = generateAnchors(config);
    expect(anchors).toHaveLength(2 * 49);
    expect(anchorAt(anchors, 0)[0]).toBeCloseTo(0.5 / 7, 7);
    expect(anchorAt(anchors, 48)[0]).toBeCloseTo(6.5 / 7, 7);
  });

  it('rejects a config whose layers disagree', () => {
    const config: FaceDetectorConfig = { ...SHORT_RANGE_CONFIG, anchorsPerCell: [2] };
    expect(() => generateAnchors(config)).toThrow(/one anchorsPerCell entry per stride/);
  });
});
