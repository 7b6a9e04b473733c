import { describe, expect, it } from 'vitest';
import type { FaceDetection } from '../shared/types';
import { fromTile, photoTiles } from './tiles';

const face = (x: number, y: number, size: number, score = 0.9): FaceDetection => ({
  box: { x, y, width: size, height: size },
  score,
  keypoints: [[x + size / 2, y + size / 2]],
});

describe('photoTiles', () => {
  it('covers the photo with overlapping tiles', () => {
    const tiles = photoTiles(600, 400);
    expect(tiles).toHaveLength(4);
    expect(tiles[0]).toEqual({ x: 0, y: 0, width: 400, height: expect.closeTo(266.67, 2) });
    expect(tiles[3]!.x + tiles[3]!.width).toBeCloseTo(600);
    expect(tiles[3]!.y + tiles[3]!.height).toBeCloseTo(400);
    // Every point of the photo lies in some tile, and the overlap is a third of a half.
    expect(tiles[1]!.x).toBeCloseTo(200);
  });

  it('guarantees a face of up to a sixth of the photo lies whole in one tile', () => {
    const tiles = photoTiles(600, 600);
    for (let x = 0; x <= 500; x += 25) {
      const inside = tiles.some((t) => x >= t.x && x + 100 <= t.x + t.width);
      expect(inside, `face at x=${x}`).toBe(true);
    }
  });
});

describe('fromTile', () => {
  const tiles = photoTiles(600, 400);

  it('moves detections into photo pixels', () => {
    const [moved] = fromTile([face(10, 20, 30)], tiles[3]!, 600, 400);
    expect(moved!.box).toEqual({ x: 210, y: expect.closeTo(153.33, 2), width: 30, height: 30 });
    expect(moved!.keypoints[0]![0]).toBe(225);
  });

  it('drops faces cut by an inner edge but keeps those on the photo border', () => {
    const tile = tiles[0]!; // top-left: its left and top edges are the photo's
    const right = tile.width;
    const kept = fromTile([face(0, 0, 40), face(right - 40, 10, 40), face(100, 100, 40)], tile, 600, 400);
    expect(kept.map((f) => f.box.x)).toEqual([0, 100]);
  });
});
