import { describe, expect, it } from 'vitest';
import type { Point } from '../../face/shared/types';
import { followBox, MESH_EVERY_FRAMES } from './vitals-analyser';

const patch: Point[] = [
  [40, 40],
  [60, 40],
  [60, 50],
  [40, 50],
];

function meshed() {
  return {
    polygons: [patch],
    box: { x: 0, y: 0, width: 100, height: 100 },
    frames: 0,
  };
}

describe('followBox', () => {
  it('keeps the patches still through detector jitter', () => {
    const state = meshed();
    const polygons = followBox(state, { x: 2, y: -1, width: 101, height: 101 });
    expect(polygons?.[0]).toEqual(patch);
  });

  it('moves and scales the patches with a box that moved', () => {
    const state = meshed();
    const polygons = followBox(state, { x: 10, y: 0, width: 100, height: 100 })!;
    expect(polygons[0]![0]).toEqual([50, 40]);
    const scaled = followBox(state, { x: 5, y: -5, width: 110, height: 110 })!;
    // Centre (60, 50) → (60, 50); the patch corner 10 px left of centre lands 11 px left.
    expect(scaled[0]![0]![0]).toBeCloseTo(60 - 11, 6);
  });

  it('asks for a new mesh after a large move or every few frames', () => {
    expect(followBox(meshed(), { x: 30, y: 0, width: 100, height: 100 })).toBeNull();
    expect(followBox(meshed(), { x: 0, y: 0, width: 130, height: 130 })).toBeNull();
    const state = meshed();
    for (let i = 1; i < MESH_EVERY_FRAMES; i += 1) expect(followBox(state, state.box)).not.toBeNull();
    expect(followBox(state, state.box)).toBeNull();
  });
});
