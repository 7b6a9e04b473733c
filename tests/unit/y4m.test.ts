/** The fake-camera file writer: header bytes, frame layout, BT.601 limited-range values. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rgbaToI420, Y4mWriter } from '../media/y4m';

function solid(width: number, height: number, [r, g, b]: [number, number, number]): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < rgba.length; p += 4) rgba.set([r, g, b, 255], p);
  return rgba;
}

/** [Y, U, V] of the first pixel of a solid frame. */
function yuvOf(color: [number, number, number]): number[] {
  const i420 = rgbaToI420(solid(4, 2, color), 4, 2);
  return [i420[0]!, i420[8]!, i420[10]!];
}

describe('rgbaToI420', () => {
  it('maps white, black and red to BT.601 limited-range values', () => {
    expect(yuvOf([255, 255, 255])).toEqual([235, 128, 128]);
    expect(yuvOf([0, 0, 0])).toEqual([16, 128, 128]);
    expect(yuvOf([255, 0, 0])).toEqual([81, 90, 240]);
  });

  it('lays out Y, then U, then V, with one chroma sample per 2×2 block', () => {
    expect(rgbaToI420(solid(6, 4, [0, 0, 0]), 6, 4)).toHaveLength(6 * 4 * 1.5);
    // Left 2×2 block black, right 2×2 block white: two luma values, two chroma samples.
    const rgba = new Uint8Array(4 * 2 * 4);
    for (const x of [2, 3]) for (const y of [0, 1]) rgba.set([255, 255, 255, 255], (y * 4 + x) * 4);
    const i420 = rgbaToI420(rgba, 4, 2);
    expect([...i420.subarray(0, 8)]).toEqual([16, 16, 235, 235, 16, 16, 235, 235]);
    expect([...i420.subarray(8)]).toEqual([128, 128, 128, 128]);
  });

  it('averages the four pixels of a chroma block', () => {
    const rgba = solid(2, 2, [0, 0, 0]);
    rgba.set([255, 0, 0, 255], 0); // one red pixel in four: a quarter of red's chroma offset
    const i420 = rgbaToI420(rgba, 2, 2);
    expect(i420[5]).toBe(Math.round(128 + 0.439216 * (255 / 4)));
  });

  it('rejects odd sizes and wrong buffer lengths', () => {
    expect(() => rgbaToI420(new Uint8Array(3 * 2 * 4), 3, 2)).toThrow(/even/);
    expect(() => rgbaToI420(new Uint8Array(10), 2, 2)).toThrow(/bytes/);
  });
});

describe('Y4mWriter', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the C420 header Chromium needs, then FRAME + w·h·1.5 bytes per frame', async () => {
    dir = mkdtempSync(join(tmpdir(), 'y4m-'));
    const path = join(dir, 'clip.y4m');
    const writer = new Y4mWriter(path, 4, 2, 15);
    writer.writeFrame(solid(4, 2, [255, 255, 255]));
    writer.writeFrame(new Uint8ClampedArray(solid(4, 2, [255, 0, 0])));
    await writer.close();

    const bytes = readFileSync(path);
    const header = 'YUV4MPEG2 W4 H2 F15:1 Ip A1:1 C420\n';
    expect(bytes.subarray(0, header.length).toString('ascii')).toBe(header);
    const frameSize = 'FRAME\n'.length + 4 * 2 * 1.5;
    expect(bytes.length).toBe(header.length + 2 * frameSize);
    const second = bytes.subarray(header.length + frameSize);
    expect(second.subarray(0, 6).toString('ascii')).toBe('FRAME\n');
    expect([second[6], second[6 + 8], second[6 + 10]]).toEqual([81, 90, 240]);
    expect(writer.frames).toBe(2);
    expect(() => writer.writeFrame(solid(4, 2, [0, 0, 0]))).toThrow(/closed/);
  });

  it('refuses odd frame sizes', () => {
    expect(() => new Y4mWriter('/nonexistent/never-written.y4m', 641, 480, 15)).toThrow(/even/);
  });
});
