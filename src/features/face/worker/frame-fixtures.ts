/**
 * Camera-frame bytes for unit tests (never imported by the app): a frame of any format whose
 * every plane sample comes from a function, laid out as VideoFrame.copyTo lays it out.
 */
import type { FrameBytes, FrameBytesFormat, PlaneLayout } from './frame-bytes';
import { planeShapes } from './frame-scale';

export interface FrameFixtureOptions {
  /** Spare bytes after each row (a cropped copy's stride); they hold 255. */
  pad?: number;
  /** Spare bytes before the first plane. */
  lead?: number;
  /** Full-range luma (0–255); limited range (16–235) when false, the default. */
  fullRange?: boolean;
}

/** A `format` frame whose sample (x, y, channel) of plane `plane` is `value(plane, x, y, channel)`. */
export function frameBytes(
  format: FrameBytesFormat,
  width: number,
  height: number,
  value: (plane: number, x: number, y: number, channel: number) => number,
  { pad = 0, lead = 0, fullRange = false }: FrameFixtureOptions = {},
): FrameBytes {
  const shapes = planeShapes(format, width, height);
  const layout: PlaneLayout[] = [];
  let offset = lead;
  for (const shape of shapes) {
    layout.push({ offset, stride: shape.width * shape.channels + pad });
    offset += (shape.width * shape.channels + pad) * shape.height;
  }
  const data = new Uint8Array(offset).fill(255);
  shapes.forEach((shape, p) => {
    for (let y = 0; y < shape.height; y += 1)
      for (let x = 0; x < shape.width; x += 1)
        for (let c = 0; c < shape.channels; c += 1)
          data[layout[p]!.offset + y * layout[p]!.stride + x * shape.channels + c] = value(p, x, y, c);
  });
  return { format, width, height, data, layout, matrix: 'bt601', fullRange };
}

/** An RGBA frame whose pixel (x, y) is `colour(x, y)` (red, green, blue), opaque, full range. */
export function rgbaBytes(
  width: number,
  height: number,
  colour: (x: number, y: number) => readonly number[],
): FrameBytes {
  return frameBytes('RGBA', width, height, (_p, x, y, c) => (c === 3 ? 255 : colour(x, y)[c]!), {
    fullRange: true,
  });
}

/** Sample (x, y, channel) of plane `p`. */
export function sampleAt(bytes: FrameBytes, p: number, x: number, y: number, channel = 0): number {
  const channels = planeShapes(bytes.format, bytes.width, bytes.height)[p]!.channels;
  return bytes.data[bytes.layout[p]!.offset + y * bytes.layout[p]!.stride + x * channels + channel]!;
}
