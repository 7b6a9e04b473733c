import { describe, expect, it } from 'vitest';
import { letterbox } from './letterbox';

describe('letterbox', () => {
  it('fits a landscape frame to the width and pads top and bottom', () => {
    expect(letterbox(640, 480, 128)).toEqual({
      scale: 0.2,
      offsetX: 0,
      offsetY: 16,
      drawWidth: 128,
      drawHeight: 96,
    });
  });

  it('fits a portrait frame to the height and pads left and right', () => {
    expect(letterbox(480, 640, 128)).toEqual({
      scale: 0.2,
      offsetX: 16,
      offsetY: 0,
      drawWidth: 96,
      drawHeight: 128,
    });
  });

  it('scales a square frame without padding', () => {
    const box = letterbox(300, 300, 256);
    expect(box.scale).toBeCloseTo(256 / 300, 12);
    expect(box.offsetX).toBe(0);
    expect(box.offsetY).toBe(0);
    expect(box.drawWidth).toBeCloseTo(256, 9);
    expect(box.drawHeight).toBeCloseTo(256, 9);
  });

  it('scales small frames up and keeps fractional offsets', () => {
    expect(letterbox(64, 32, 128)).toEqual({
      scale: 2,
      offsetX: 0,
      offsetY: 32,
      drawWidth: 128,
      drawHeight: 64,
    });
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
