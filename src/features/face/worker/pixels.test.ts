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
