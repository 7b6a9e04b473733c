import { describe, expect, it } from 'vitest';
import { letterbox } from './letterbox';

describe('letterbox', () => {
  it.each([
    // [title, srcWidth, srcHeight, then the box: scale, offsetX, offsetY, drawWidth, drawHeight]
    ['fits a landscape frame to the width and pads top and bottom', 640, 480, 0.2, 0, 16, 128, 96],
    ['fits a portrait frame to the height and pads left and right', 480, 640, 0.2, 16, 0, 96, 128],
    ['scales a small frame up', 64, 32, 2, 0, 32, 128, 64],
  ] as const)('%s', (_title, srcWidth, srcHeight, scale, offsetX, offsetY, drawWidth, drawHeight) => {
    expect(letterbox(srcWidth, srcHeight, 128)).toEqual({ scale, offsetX, offsetY, drawWidth, drawHeight });
  });

  it('scales a square frame without padding', () => {
    const box = letterbox(300, 300, 256);
    expect(box.scale).toBeCloseTo(256 / 300, 12);
    expect(box.offsetX).toBe(0);
    expect(box.offsetY).toBe(0);
    expect(box.drawWidth).toBeCloseTo(256, 9);
    expect(box.drawHeight).toBeCloseTo(256, 9);
  });

  it('keeps a fractional offset when the padding does not split evenly', () => {
    const odd = letterbox(1280, 721, 128);
    expect(odd.offsetY * 2 + odd.drawHeight).toBeCloseTo(128, 9);
    expect(Number.isInteger(odd.offsetY)).toBe(false);
  });

  it('centres the drawn frame in the input', () => {
    for (const [w, h] of [
      [1920, 1080],
      [720, 1280],
      [333, 777],
    ]) {
      const box = letterbox(w!, h!, 128);
      expect(box.offsetX * 2 + box.drawWidth).toBeCloseTo(128, 9);
      expect(box.offsetY * 2 + box.drawHeight).toBeCloseTo(128, 9);
      expect(Math.max(box.drawWidth, box.drawHeight)).toBeCloseTo(128, 9);
    }
  });

  it('rejects sizes that are not positive numbers', () => {
    expect(() => letterbox(0, 480, 128)).toThrow(RangeError);
    expect(() => letterbox(640, -1, 128)).toThrow(/srcHeight/);
    expect(() => letterbox(640, 480, Number.NaN)).toThrow(/size/);
    expect(() => letterbox(Infinity, 480, 128)).toThrow(RangeError);
  });
});
