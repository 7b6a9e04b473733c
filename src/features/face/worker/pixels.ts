/**
 * The only step of the face pipeline that touches pixels: it draws a frame (camera VideoFrame,
 * ImageBitmap) into a small OffscreenCanvas and returns the model's float input. Drawing
 * scales in one pass, so a 640×480 frame or a 2048-pixel photo costs the same.
 */
import type { Box } from '../shared/types';
import type { Letterbox } from './letterbox';
import {
  FRAME_BYTES_FORMATS,
  letterboxFromBytes,
  type FrameBytes,
  type FrameBytesFormat,
} from './frame-bytes';
import { scaleFrameBytes } from './frame-scale';

export type FrameSource = ImageBitmap | VideoFrame;

const canvases = new Map<number, OffscreenCanvasRenderingContext2D>();

function context(size: number): OffscreenCanvasRenderingContext2D {
  let ctx = canvases.get(size);
  if (!ctx) {
    const canvas = new OffscreenCanvas(size, size);
    const created = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!created) throw new Error('This browser cannot draw in a worker (no OffscreenCanvas 2D).');
    ctx = created;
    ctx.imageSmoothingQuality = 'medium';
    canvases.set(size, ctx);
  }
  return ctx;
}

/** Size of a frame in pixels, for either source type. */
export function frameSize(frame: FrameSource): { width: number; height: number } {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}

/**
 * The frame letterboxed into a size×size RGB input, value × valueScale + valueOffset per
 * channel ([-1, 1] by default, BlazeFace's range), as [1, size, size, 3]. Padding is black,
 * as in MediaPipe.
 */
export function letterboxPixels(
  frame: FrameSource,
  box: Letterbox,
  size: number,
  region?: Box,
  valueScale = 1 / 127.5,
  valueOffset = -1,
): Float32Array {
  const ctx = context(size);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  if (region) {
    const { x, y, width, height } = region;
    ctx.drawImage(frame, x, y, width, height, box.offsetX, box.offsetY, box.drawWidth, box.drawHeight);
  } else {
    ctx.drawImage(frame, box.offsetX, box.offsetY, box.drawWidth, box.drawHeight);
  }
  return toFloat(ctx.getImageData(0, 0, size, size).data, valueScale, valueOffset);
}

let frameBuffer = new Uint8Array(0);
/** The display-sized bytes of a frame whose visible rectangle is another size. */
let scaledBuffer: Uint8Array = new Uint8Array(0);
/** The camera frame whose bytes frameBuffer holds; reads are counted so a stale one is never kept. */
let lastRead: { frame: VideoFrame; bytes: FrameBytes } | null = null;
let reads = 0;

/**
 * True when the frame's bytes can be read directly: a camera VideoFrame in a known pixel format,
 * whatever its visible rectangle (the bytes are resampled to its display size when they differ).
 */
function readableBytes(frame: FrameSource): frame is VideoFrame {
  return (
    typeof VideoFrame === 'function' &&
    frame instanceof VideoFrame &&
    frame.format !== null &&
    FRAME_BYTES_FORMATS.includes(frame.format) &&
    frame.visibleRect !== null &&
    upright(frame)
  );
}

/**
 * True unless the frame says it is shown rotated or mirrored (WebCodecs' `rotation` and `flip`,
 * which a phone camera may set): its bytes are then not the picture as shown, and drawing it
 * through a canvas applies the turn.
 */
function upright(frame: VideoFrame): boolean {
  const { rotation, flip } = frame as VideoFrame & { rotation?: number; flip?: boolean };
  return !rotation && !flip;
}

/**
 * The frame's own pixel bytes: a camera VideoFrame's planes (VideoFrame.copyTo, no GPU
 * read-back), or, for anything else, the frame drawn once at its own size and read as RGBA.
 * The bytes live in a buffer reused by the next call: use them before awaiting anything else.
 * Reading the same camera frame again returns the bytes already read, without a second copy
 * (the face detector and the skin colour of a heart-rate frame share one).
 */
export async function readFrameBytes(frame: FrameSource): Promise<FrameBytes> {
  if (!readableBytes(frame)) {
    const { width, height } = frameSize(frame);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!ctx) throw new Error('This browser cannot draw in a worker (no OffscreenCanvas 2D).');
    ctx.drawImage(frame, 0, 0);
    const data = ctx.getImageData(0, 0, width, height).data;
    return {
      format: 'RGBA',
      width,
      height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      layout: [{ offset: 0, stride: width * 4 }],
      matrix: 'bt601',
      fullRange: true,
    };
  }
  if (lastRead?.frame === frame) return lastRead.bytes;
  const read = ++reads;
  lastRead = null;
  const size = frame.allocationSize();
  if (frameBuffer.byteLength < size) frameBuffer = new Uint8Array(size);
  const layout = await frame.copyTo(frameBuffer);
  const space = frame.colorSpace;
  const visible: FrameBytes = {
    format: frame.format as FrameBytesFormat,
    width: frame.visibleRect!.width,
    height: frame.visibleRect!.height,
    data: frameBuffer,
    layout,
    matrix: space.matrix === 'bt709' ? 'bt709' : 'bt601',
    fullRange: space.fullRange ?? false,
  };
  // Every step after this one works in display pixels (frame-scale.ts says when they differ).
  const bytes = scaleFrameBytes(visible, frame.displayWidth, frame.displayHeight, scaledBuffer);
  if (bytes !== visible) scaledBuffer = bytes.data;
  // Another read that started meanwhile owns the buffer now.
  if (read === reads) lastRead = { frame, bytes };
  return bytes;
}

/**
 * The letterboxed input, read from the frame's own bytes when it is a camera frame (no canvas,
 * no GPU readback), otherwise drawn through a canvas.
 */
export async function letterboxInput(
  frame: FrameSource,
  box: Letterbox,
  size: number,
  valueScale = 1 / 127.5,
  valueOffset = -1,
): Promise<Float32Array> {
  if (!readableBytes(frame)) return letterboxPixels(frame, box, size, undefined, valueScale, valueOffset);
  return letterboxFromBytes(await readFrameBytes(frame), box, size, valueScale, valueOffset);
}

/**
 * A rotated square crop of the frame as a size×size RGB input in [0, 1] (FaceMesh's range).
 * `frameToCrop` is the affine [a, b, c, d, e, f] that maps frame pixels to crop pixels.
 */
export function cropPixels(
  frame: FrameSource,
  frameToCrop: readonly [number, number, number, number, number, number],
  size: number,
): Float32Array {
  const ctx = context(size);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  ctx.setTransform(...frameToCrop);
  ctx.drawImage(frame, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return toFloat(ctx.getImageData(0, 0, size, size).data, 1 / 255, 0);
}

/** RGBA bytes → RGB floats (value * scale + offset). */
function toFloat(rgba: Uint8ClampedArray, scale: number, offset: number): Float32Array {
  const pixels = rgba.length / 4;
  const out = new Float32Array(pixels * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    out[j] = rgba[i]! * scale + offset;
    out[j + 1] = rgba[i + 1]! * scale + offset;
    out[j + 2] = rgba[i + 2]! * scale + offset;
  }
  return out;
}
