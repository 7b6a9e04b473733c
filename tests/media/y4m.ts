/**
 * A streaming YUV4MPEG2 writer for Chromium's fake camera (`--use-file-for-fake-video-capture`),
 * which reads only 4:2:0 files (`C420`) and loops them. Frames go to disk as they come, so a
 * long video never sits in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** BT.601 limited range ("studio swing"): luma 16..235, chroma 16..240 around 128. */
const BT601 = {
  y: [0.256788, 0.504129, 0.097906],
  u: [-0.148223, -0.290993, 0.439216],
  v: [0.439216, -0.367788, -0.071427],
  yOffset: 16,
  chromaOffset: 128,
} as const;

const FRAME_HEADER = Buffer.from('FRAME\n', 'ascii');

/** The stream header Chromium expects: progressive, square pixels, 4:2:0. */
export function y4mHeader(width: number, height: number, fps: number): string {
  return `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420\n`;
}

function assertEvenSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`A Y4M frame needs a positive integer size, not ${width}×${height}.`);
  }
  if (width % 2 !== 0 || height % 2 !== 0) {
    throw new RangeError(`4:2:0 chroma needs an even width and height, not ${width}×${height}.`);
  }
}

const clampByte = (value: number): number => (value < 0 ? 0 : value > 255 ? 255 : Math.round(value));

/** Converts an RGBA frame to planar I420 (Y, then U, then V); chroma averages each 2×2 block. */
export function rgbaToI420(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  assertEvenSize(width, height);
  if (rgba.length !== width * height * 4) {
    throw new RangeError(
      `An RGBA frame of ${width}×${height} has ${width * height * 4} bytes, not ${rgba.length}.`,
    );
  }
  const lumaSize = width * height;
  const chromaWidth = width / 2;
  const out = new Uint8Array(lumaSize * 1.5);
  const [yr, yg, yb] = BT601.y;
  const [ur, ug, ub] = BT601.u;
  const [vr, vg, vb] = BT601.v;

  for (let i = 0, p = 0; i < lumaSize; i++, p += 4) {
    out[i] = clampByte(BT601.yOffset + yr * rgba[p]! + yg * rgba[p + 1]! + yb * rgba[p + 2]!);
  }
  const uBase = lumaSize;
  const vBase = lumaSize + lumaSize / 4;
  for (let cy = 0; cy < height / 2; cy++) {
    for (let cx = 0; cx < chromaWidth; cx++) {
      const top = (2 * cy * width + 2 * cx) * 4;
      const bottom = top + width * 4;
      const r = (rgba[top]! + rgba[top + 4]! + rgba[bottom]! + rgba[bottom + 4]!) / 4;
      const g = (rgba[top + 1]! + rgba[top + 5]! + rgba[bottom + 1]! + rgba[bottom + 5]!) / 4;
      const b = (rgba[top + 2]! + rgba[top + 6]! + rgba[bottom + 2]! + rgba[bottom + 6]!) / 4;
      const c = cy * chromaWidth + cx;
      out[uBase + c] = clampByte(BT601.chromaOffset + ur * r + ug * g + ub * b);
      out[vBase + c] = clampByte(BT601.chromaOffset + vr * r + vg * g + vb * b);
    }
  }
  return out;
}

/** Writes RGBA frames to a .y4m file one at a time. */
export class Y4mWriter {
  readonly frameBytes: number;
  private fd: number | null;
  private count = 0;

  constructor(
    readonly path: string,
    readonly width: number,
    readonly height: number,
    readonly fps: number,
  ) {
    assertEvenSize(width, height);
    if (!Number.isInteger(fps) || fps <= 0)
      throw new RangeError(`fps must be a positive integer, not ${fps}.`);
    this.frameBytes = width * height * 1.5;
    this.fd = openSync(path, 'w');
    writeSync(this.fd, y4mHeader(width, height, fps), null, 'ascii');
  }

  /** Frames written so far. */
  get frames(): number {
    return this.count;
  }

  writeFrame(rgba: Uint8Array | Uint8ClampedArray): void {
    if (this.fd === null) throw new Error(`${this.path} is already closed.`);
    writeSync(this.fd, FRAME_HEADER);
    writeSync(this.fd, rgbaToI420(rgba, this.width, this.height));
    this.count++;
  }

  async close(): Promise<void> {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
