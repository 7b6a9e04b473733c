import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFrameBytes } from './pixels';

/** Just enough of a camera VideoFrame for readFrameBytes: a 2×2 RGBA frame that counts its copies. */
class FakeVideoFrame {
  readonly format = 'RGBA';
  readonly displayWidth = 2;
  readonly displayHeight = 2;
  readonly visibleRect = { width: 2, height: 2 };
  readonly colorSpace = { matrix: 'bt601', fullRange: true };
  copies = 0;

  constructor(private readonly value: number) {}

  allocationSize(): number {
    return 16;
  }

  async copyTo(target: Uint8Array) {
    this.copies += 1;
    target.fill(this.value, 0, 16);
    return [{ offset: 0, stride: 8 }];
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('readFrameBytes', () => {
  it('copies a camera frame once however often it is read', async () => {
    vi.stubGlobal('VideoFrame', FakeVideoFrame);
    const first = new FakeVideoFrame(10);
    const frame = first as unknown as VideoFrame;
    const bytes = await readFrameBytes(frame);
    expect(await readFrameBytes(frame)).toBe(bytes);
    expect(first.copies).toBe(1);
    expect(bytes.data[0]).toBe(10);

    const second = new FakeVideoFrame(20);
    expect((await readFrameBytes(second as unknown as VideoFrame)).data[0]).toBe(20);
    // The buffer now holds the second frame: the first is copied again.
    expect((await readFrameBytes(frame)).data[0]).toBe(10);
    expect(first.copies).toBe(2);
  });

  it('keeps no bytes from a read that another read overtook', async () => {
    vi.stubGlobal('VideoFrame', FakeVideoFrame);
    const a = new FakeVideoFrame(1);
    const b = new FakeVideoFrame(2);
    await Promise.all([
      readFrameBytes(a as unknown as VideoFrame),
      readFrameBytes(b as unknown as VideoFrame),
    ]);
    await readFrameBytes(a as unknown as VideoFrame);
    expect(a.copies).toBe(2);
  });
});

/** A 4:3 view of a 16:9 camera as Chromium gives it: 8×4 coded, 4×4 visible, shown at 2×2. */
class CroppedVideoFrame {
  readonly format = 'RGBA';
  readonly displayWidth = 2;
  readonly displayHeight = 2;
  readonly visibleRect = { x: 2, y: 0, width: 4, height: 4 };
  readonly colorSpace = { matrix: 'bt709', fullRange: true };
  copies = 0;

  allocationSize(): number {
    return 4 * 4 * 4;
  }

  /** The visible rectangle: left half red 200, right half red 40. */
  async copyTo(target: Uint8Array) {
    this.copies += 1;
    for (let y = 0; y < 4; y += 1)
      for (let x = 0; x < 4; x += 1) target.set([x < 2 ? 200 : 40, 0, 0, 255], (y * 4 + x) * 4);
    return [{ offset: 0, stride: 16 }];
  }
}

describe('readFrameBytes on a frame shown at another size than its visible pixels', () => {
  it('reads its bytes (no canvas) and gives them at the display size', async () => {
    vi.stubGlobal('VideoFrame', CroppedVideoFrame);
    const source = new CroppedVideoFrame();
    const frame = source as unknown as VideoFrame;
    const bytes = await readFrameBytes(frame);
    expect([bytes.width, bytes.height, bytes.matrix]).toEqual([2, 2, 'bt709']);
    expect(Array.from(bytes.data.subarray(0, 16))).toEqual([
      200, 0, 0, 255, 40, 0, 0, 255, 200, 0, 0, 255, 40, 0, 0, 255,
    ]);
    expect(await readFrameBytes(frame)).toBe(bytes);
    expect(source.copies).toBe(1);
  });
});

describe('readFrameBytes on a frame shown turned', () => {
  it('leaves the bytes of a rotated or mirrored frame alone (the canvas applies the turn)', async () => {
    class Turned extends CroppedVideoFrame {
      constructor(
        readonly rotation: number,
        readonly flip: boolean,
      ) {
        super();
      }
    }
    vi.stubGlobal('VideoFrame', Turned);
    // No OffscreenCanvas in Node: the canvas path is the one that fails here.
    for (const frame of [new Turned(90, false), new Turned(0, true)]) {
      await expect(readFrameBytes(frame as unknown as VideoFrame)).rejects.toThrow(/OffscreenCanvas/);
      expect(frame.copies).toBe(0);
    }
    const upright = new Turned(0, false);
    expect((await readFrameBytes(upright as unknown as VideoFrame)).width).toBe(2);
    expect(upright.copies).toBe(1);
  });
});
