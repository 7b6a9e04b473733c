import { describe, expect, it } from 'vitest';
import { letterboxFromBytes, type FrameBytes } from './frame-bytes';
import { frameBytes } from './frame-fixtures';
import { letterbox } from './letterbox';

/** A solid I420 frame with the given Y, U, V (BT.601 limited range). */
const i420 = (width: number, height: number, y: number, u: number, v: number): FrameBytes =>
  frameBytes('I420', width, height, (plane) => [y, u, v][plane]!);

const pixel = (out: Float32Array, size: number, x: number, y: number) =>
  Array.from(out.subarray((y * size + x) * 3, (y * size + x) * 3 + 3));

describe('letterboxFromBytes', () => {
  it('converts BT.601 limited-range YUV to RGB in [-1, 1]', () => {
    const size = 16;
    const box = letterbox(64, 48, size);
    const white = letterboxFromBytes(i420(64, 48, 235, 128, 128), box, size, 1 / 127.5, -1);
    pixel(white, size, 8, 8).forEach((v) => expect(v).toBeCloseTo(1, 2));
    const red = letterboxFromBytes(i420(64, 48, 81, 90, 240), box, size, 1 / 127.5, -1);
    const [r, g, b] = pixel(red, size, 8, 8);
    expect(r).toBeGreaterThan(0.98);
    expect(g).toBeLessThan(-0.98);
    expect(b).toBeLessThan(-0.98);
  });

  it('pads outside the frame with black and keeps the aspect ratio', () => {
    const size = 16;
    const box = letterbox(64, 32, size); // 16×8 drawn, rows 4..11
    const out = letterboxFromBytes(i420(64, 32, 235, 128, 128), box, size, 1 / 127.5, -1);
    expect(pixel(out, size, 5, 0)).toEqual([-1, -1, -1]);
    expect(pixel(out, size, 5, 15)).toEqual([-1, -1, -1]);
    pixel(out, size, 5, 6).forEach((v) => expect(v).toBeCloseTo(1, 2));
  });

  it('averages samples under each input pixel: 2-pixel stripes at a 4× reduction become grey', () => {
    const frame = i420(64, 64, 16, 128, 128);
    for (let y = 0; y < 64; y += 1)
      for (let x = 0; x < 64; x += 1) frame.data[y * 64 + x] = x % 4 < 2 ? 16 : 235;
    const size = 16;
    const out = letterboxFromBytes(frame, letterbox(64, 64, size), size, 1 / 255, 0);
    for (let x = 0; x < size; x += 1) expect(pixel(out, size, x, 7)[0]).toBeCloseTo(0.5, 1);
  });

  it('reads NV12 and BGRA layouts', () => {
    const nv12: FrameBytes = { ...i420(8, 8, 81, 90, 240), format: 'NV12' };
    // Interleave U and V for NV12.
    const uv = nv12.data.subarray(64);
    for (let i = 0; i < 16; i += 1) {
      uv[i * 2] = 90;
      uv[i * 2 + 1] = 240;
    }
    nv12.layout = [
      { offset: 0, stride: 8 },
      { offset: 64, stride: 8 },
    ];
    const out = letterboxFromBytes(nv12, letterbox(8, 8, 4), 4, 1 / 255, 0);
    expect(pixel(out, 4, 1, 1)[0]).toBeGreaterThan(0.98);
    const bgra: FrameBytes = {
      format: 'BGRA',
      width: 2,
      height: 2,
      data: Uint8Array.from({ length: 16 }, (_, i) => [10, 20, 30, 255][i % 4]!),
      layout: [{ offset: 0, stride: 8 }],
      matrix: 'bt601',
      fullRange: true,
    };
    expect(pixel(letterboxFromBytes(bgra, letterbox(2, 2, 2), 2, 1, 0), 2, 0, 0)).toEqual([30, 20, 10]);
  });
});
