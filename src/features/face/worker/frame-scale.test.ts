import { describe, expect, it } from 'vitest';
import type { FrameBytesFormat } from './frame-bytes';
import { letterboxFromBytes } from './frame-bytes';
import { letterbox } from './letterbox';
import { frameBytes, sampleAt } from './frame-fixtures';
import { packedSize, planeShapes, scaleFrameBytes, spans } from './frame-scale';

const makeFrame = (
  format: FrameBytesFormat,
  width: number,
  height: number,
  value: (plane: number, x: number, y: number, channel: number) => number,
  pad = 0,
  lead = 0,
) => frameBytes(format, width, height, value, { pad, lead });

describe('planeShapes and packedSize', () => {
  it('lays out each format as VideoFrame.copyTo does, odd sizes rounding chroma up', () => {
    expect(planeShapes('I420', 5, 3)).toEqual([
      { width: 5, height: 3, channels: 1 },
      { width: 3, height: 2, channels: 1 },
      { width: 3, height: 2, channels: 1 },
    ]);
    expect(planeShapes('NV12', 4, 4)).toEqual([
      { width: 4, height: 4, channels: 1 },
      { width: 2, height: 2, channels: 2 },
    ]);
    expect(planeShapes('I420A', 2, 2).map((p) => p.width * p.height)).toEqual([4, 1, 1, 4]);
    expect(planeShapes('BGRX', 3, 2)).toEqual([{ width: 3, height: 2, channels: 4 }]);
    expect(packedSize('I420', 640, 480)).toBe(640 * 480 * 1.5);
    expect(packedSize('NV12', 5, 3)).toBe(15 + 3 * 2 * 2);
    expect(packedSize('RGBA', 3, 2)).toBe(24);
  });
});

describe('spans', () => {
  it('tiles the source when shrinking by a fraction', () => {
    const { start, end } = spans(4, 6);
    expect([...start]).toEqual([0, 1, 3, 4]);
    expect([...end]).toEqual([1, 3, 4, 6]);
  });

  it('gives each output one sample when growing, never past the end', () => {
    const { start, end } = spans(6, 3);
    expect([...start]).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...end]).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('is the identity at the same size', () => {
    const { start, end } = spans(5, 5);
    expect([...start]).toEqual([0, 1, 2, 3, 4]);
    expect([...end]).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('scaleFrameBytes', () => {
  it('returns the same bytes when the size already matches', () => {
    const frame = makeFrame('I420', 4, 4, () => 7);
    expect(scaleFrameBytes(frame, 4, 4)).toBe(frame);
  });

  it('halves I420 by averaging each 2×2 block of every plane, rounding', () => {
    // Luma: x + 10·y; chroma planes: constant 50 and 200.
    const frame = makeFrame('I420', 4, 4, (p, x, y) => (p === 0 ? x + 10 * y : p === 1 ? 50 : 200), 3, 5);
    const half = scaleFrameBytes(frame, 2, 2);
    expect([half.width, half.height]).toEqual([2, 2]);
    // Block (0,0): 0, 1, 10, 11 → 5.5 → 6; block (1,0): 2, 3, 12, 13 → 7.5 → 8.
    expect([
      sampleAt(half, 0, 0, 0),
      sampleAt(half, 0, 1, 0),
      sampleAt(half, 0, 0, 1),
      sampleAt(half, 0, 1, 1),
    ]).toEqual([6, 8, 26, 28]);
    expect(sampleAt(half, 1, 0, 0)).toBe(50);
    expect(sampleAt(half, 2, 0, 0)).toBe(200);
    // Packed: no padding, planes one after the other.
    expect(half.layout).toEqual([
      { offset: 0, stride: 2 },
      { offset: 4, stride: 1 },
      { offset: 5, stride: 1 },
    ]);
    expect(half.data.byteLength).toBe(packedSize('I420', 2, 2));
    expect([half.format, half.matrix, half.fullRange]).toEqual(['I420', 'bt601', false]);
  });

  it('keeps NV12 chroma and RGBA channels apart', () => {
    const nv12 = scaleFrameBytes(
      makeFrame('NV12', 6, 6, (p, x, _y, c) => (p === 0 ? 100 + x : c === 0 ? 40 : 220)),
      4,
      4,
    );
    for (let y = 0; y < 2; y += 1)
      for (let x = 0; x < 2; x += 1)
        expect([sampleAt(nv12, 1, x, y, 0), sampleAt(nv12, 1, x, y, 1)]).toEqual([40, 220]);

    const rgba = scaleFrameBytes(
      makeFrame('RGBA', 3, 3, (_p, _x, _y, c) => [10, 80, 160, 255][c]!),
      2,
      2,
    );
    expect(Array.from(rgba.data.subarray(0, 8))).toEqual([10, 80, 160, 255, 10, 80, 160, 255]);
  });

  it('reads each source row at its stride and offset, never the padding', () => {
    // Padding bytes hold 255; every sample holds 9.
    const frame = makeFrame('I420', 6, 4, () => 9, 7, 11);
    const scaled = scaleFrameBytes(frame, 4, 2);
    expect([...scaled.data].every((v) => v === 9)).toBe(true);
  });

  it('matches the same scene drawn at the display size (960×720 visible shown at 640×480)', () => {
    // A smooth scene, in display units, sampled once at the visible size and once at the display size.
    const scene = (x: number, y: number) => 60 + 100 * Math.sin(x / 90) * Math.cos(y / 70) + 40;
    const chromaScene = (x: number, y: number) => 128 + 50 * Math.cos((x + y) / 120);
    const render = (width: number, height: number) => {
      const f = 640 / width;
      return makeFrame('I420', width, height, (p, x, y) =>
        Math.round(
          p === 0 ? scene((x + 0.5) * f, (y + 0.5) * f) : chromaScene((2 * x + 1) * f, (2 * y + 1) * f),
        ),
      );
    };
    const scaled = scaleFrameBytes(render(960, 720), 640, 480);
    const drawn = render(640, 480);
    let worst = 0;
    for (let p = 0; p < 3; p += 1) {
      const shape = planeShapes('I420', 640, 480)[p]!;
      for (let y = 0; y < shape.height; y += 1)
        for (let x = 0; x < shape.width; x += 1)
          worst = Math.max(worst, Math.abs(sampleAt(scaled, p, x, y) - sampleAt(drawn, p, x, y)));
    }
    expect(worst).toBeLessThanOrEqual(2);
    // And the detector's input from either is the same picture.
    const box = letterbox(640, 480, 128);
    const a = letterboxFromBytes(scaled, box, 128, 1 / 127.5, -1);
    const b = letterboxFromBytes(drawn, box, 128, 1 / 127.5, -1);
    let input = 0;
    for (let i = 0; i < a.length; i += 1) input = Math.max(input, Math.abs(a[i]! - b[i]!));
    expect(input).toBeLessThan(0.05);
  });

  it('scales one axis when only that one differs', () => {
    const frame = makeFrame('I420', 4, 4, (p, _x, y) => (p === 0 ? 10 * y : 128));
    const flat = scaleFrameBytes(frame, 4, 2);
    expect([flat.width, flat.height]).toEqual([4, 2]);
    expect([sampleAt(flat, 0, 0, 0), sampleAt(flat, 0, 0, 1)]).toEqual([5, 25]);
  });

  it('refuses an empty target or missing planes', () => {
    const frame = makeFrame('I420', 4, 4, () => 1);
    expect(() => scaleFrameBytes(frame, 0, 4)).toThrow(RangeError);
    expect(() => scaleFrameBytes(frame, 4, 0)).toThrow('Cannot scale a frame to 4×0.');
    expect(() => scaleFrameBytes({ ...frame, layout: frame.layout.slice(0, 1) }, 2, 2)).toThrow(/3 planes/);
  });

  it('writes into the given buffer when it is large enough, and grows it when not', () => {
    const frame = makeFrame('RGBA', 4, 4, () => 3);
    const big = new Uint8Array(100);
    expect(scaleFrameBytes(frame, 2, 2, big).data).toBe(big);
    const exact = new Uint8Array(16);
    expect(scaleFrameBytes(frame, 2, 2, exact).data).toBe(exact);
    const small = new Uint8Array(4);
    const grown = scaleFrameBytes(frame, 2, 2, small).data;
    expect(grown).not.toBe(small);
    expect(grown.byteLength).toBe(16);
  });
});
