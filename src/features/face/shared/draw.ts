/**
 * Drawing for the face demo: the privacy redaction and the overlay. Coordinates come in frame
 * pixels; `mirror` flips them (the front camera is shown as a mirror).
 *
 * Both sides draw with it: the worker paints the live overlay on a transferred OffscreenCanvas
 * (boxes, and blurred face patches when privacy blur is on) while the page shows the <video>;
 * the page draws photos and snapshots (drawScene). It takes a 2D context and makes nothing but
 * an OffscreenCanvas, so it runs in either place.
 */
import type { FaceDetection, FaceMesh } from './types';

export type Redaction = 'none' | 'blur' | 'pixelate';

/** The redacted area is the face box grown by this much on each side, so hair and chin go too. */
export const REDACT_MARGIN = 0.2;
/** Pixel blocks across a pixelated face. */
export const PIXELATE_BLOCKS = 10;
/** A blurred face is this many samples across, smoothly scaled up: no feature survives. */
export const BLUR_BLOCKS = 6;

/** The part of a 2D context this file uses: a page canvas or an OffscreenCanvas in the worker. */
export type Context = Omit<OffscreenCanvasRenderingContext2D, 'canvas'> & {
  readonly canvas: { width: number; height: number };
};

export interface OverlayOptions {
  /** Frame pixels per displayed CSS pixel: marks keep the same on-screen size on any picture. */
  markScale?: number;
  mirror?: boolean;
  redaction?: Redaction;
  showBoxes?: boolean;
  meshes?: readonly FaceMesh[];
}

/** The font of the marks' labels. */
export const MARK_FONT = 'system-ui, sans-serif';

let scratch: OffscreenCanvas | HTMLCanvasElement | null = null;

function scratchContext(width: number, height: number) {
  scratch ??=
    typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
  scratch.width = width;
  scratch.height = height;
  return scratch.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
}

/** The region to hide for one face, grown by REDACT_MARGIN and clipped to the frame. */
export function redactRegion(face: FaceDetection, width: number, height: number) {
  const { x, y, width: w, height: h } = face.box;
  const left = Math.max(0, Math.floor(x - w * REDACT_MARGIN));
  const top = Math.max(0, Math.floor(y - h * REDACT_MARGIN));
  const right = Math.min(width, Math.ceil(x + w * (1 + REDACT_MARGIN)));
  const bottom = Math.min(height, Math.ceil(y + h * (1 + REDACT_MARGIN)));
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * Covers each face with a blurred or pixelated copy of itself from `source`: the region is
 * scaled down to a few samples and back up (smoothly for blur, in blocks for pixelate). It
 * needs no `ctx.filter` (missing in some browsers) and removes detail for good.
 */
export function redactFaces(
  ctx: Context,
  source: CanvasImageSource,
  width: number,
  height: number,
  faces: readonly FaceDetection[],
  redaction: Exclude<Redaction, 'none'>,
  mirror = false,
): void {
  for (const face of faces) {
    const region = redactRegion(face, width, height);
    if (region.width < 2 || region.height < 2) continue;
    const blocks = redaction === 'pixelate' ? PIXELATE_BLOCKS : BLUR_BLOCKS;
    const longest = Math.max(region.width, region.height);
    const small = scratchContext(
      Math.max(1, Math.round((blocks * region.width) / longest)),
      Math.max(1, Math.round((blocks * region.height) / longest)),
    );
    small.imageSmoothingEnabled = true;
    small.imageSmoothingQuality = 'high';
    small.drawImage(
      source,
      region.x,
      region.y,
      region.width,
      region.height,
      0,
      0,
      small.canvas.width,
      small.canvas.height,
    );
    ctx.save();
    if (mirror) ctx.setTransform(-1, 0, 0, 1, width, 0);
    ctx.imageSmoothingEnabled = redaction === 'blur';
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(
      small.canvas,
      0,
      0,
      small.canvas.width,
      small.canvas.height,
      region.x,
      region.y,
      region.width,
      region.height,
    );
    ctx.restore();
  }
}

/** Sizes the canvas to the frame and clears it (the health overlays start the same way). */
export function prepare(ctx: Context, width: number, height: number): void {
  const canvas = ctx.canvas;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  } else {
    ctx.clearRect(0, 0, width, height);
  }
}

/**
 * A drawing of faces over a frame of `width` × `height` pixels: the canvas sized and cleared,
 * the frame itself when `withFrame` (mirrored if asked), then redaction patches from `source`,
 * then boxes, keypoints and meshes.
 */
function painter(withFrame: boolean) {
  return (
    ctx: Context,
    source: CanvasImageSource,
    width: number,
    height: number,
    faces: readonly FaceDetection[],
    { mirror = false, redaction = 'none', showBoxes = true, meshes, markScale = 1 }: OverlayOptions = {},
  ): void => {
    prepare(ctx, width, height);
    if (withFrame) {
      ctx.save();
      if (mirror) ctx.setTransform(-1, 0, 0, 1, width, 0);
      ctx.drawImage(source, 0, 0, width, height);
      ctx.restore();
    }
    if (redaction !== 'none') redactFaces(ctx, source, width, height, faces, redaction, mirror);
    if (showBoxes) drawMarks(ctx, width, faces, meshes, mirror, markScale);
  };
}

/** Live overlay over the <video>: the redaction patches (from the analysed frame), then the marks. */
export const drawOverlay = painter(false);

/** A whole picture: the frame (mirrored if asked), redaction, and marks. For photos and snapshots. */
export const drawScene = painter(true);

function drawMarks(
  ctx: Context,
  width: number,
  faces: readonly FaceDetection[],
  meshes: readonly FaceMesh[] | undefined,
  mirror: boolean,
  markScale: number,
): void {
  // 3 CSS pixels wide on screen, labels about 15 CSS pixels tall.
  const line = Math.max(1, 3 * markScale);
  const fx = (x: number) => (mirror ? width - x : x);
  ctx.lineWidth = line;
  faces.forEach((face, i) => {
    const { y, width: w, height: h } = face.box;
    const x = mirror ? width - face.box.x - w : face.box.x;
    ctx.strokeStyle = '#34d399';
    ctx.beginPath();
    ctx.roundRect(x, y, w, h, Math.min(w, h) * 0.08);
    ctx.stroke();
    const mesh = meshes?.[i];
    if (mesh) {
      ctx.fillStyle = 'rgba(125, 211, 252, 0.85)';
      const dot = Math.max(1, line / 2);
      for (const [mx, my] of mesh.landmarks) ctx.fillRect(fx(mx), my, dot, dot);
    }
    ctx.fillStyle = '#fbbf24';
    for (const [px, py] of face.keypoints) {
      ctx.beginPath();
      ctx.arc(fx(px), py, line * 1.2, 0, Math.PI * 2);
      ctx.fill();
    }
    const label = `${Math.round(face.score * 100)}%`;
    ctx.font = `600 ${line * 4.5}px ${MARK_FONT}`;
    const textWidth = ctx.measureText(label).width;
    ctx.fillStyle = 'rgba(6, 78, 59, 0.85)';
    ctx.fillRect(x, Math.max(0, y - line * 6), textWidth + line * 2, line * 6);
    ctx.fillStyle = '#ecfdf5';
    ctx.fillText(label, x + line, Math.max(line * 4.5, y - line * 1.5));
  });
}
