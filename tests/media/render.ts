/**
 * Image work done by headless Chromium through a Playwright page the caller owns (no native
 * image libraries here): decode, crop, upscale, draw camera paths over a still, paint
 * deterministic no-face scenes, and decode snapshots. Bytes cross the page boundary as
 * base64 strings made by the page's own FileReader (fast and native).
 *
 * Every function passed to `page.evaluate` runs in the page, so it must be self-contained.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Page } from '@playwright/test';

/** Where decoded images are kept in the page, keyed by absolute path, for reuse across calls. */
const IMAGES_KEY = '__offgridMediaImages';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

export type Crop = readonly [x: number, y: number, width: number, height: number];
export type ImageMime = 'image/png' | 'image/jpeg';

/** An image decoded in the page: `key` finds it again there. */
export interface LoadedImage {
  key: string;
  width: number;
  height: number;
}

/** The virtual camera at one instant: the image point at the frame centre, and the zoom. */
export interface Camera {
  cx: number;
  cy: number;
  /** 1 fits the whole image inside the frame; 2 shows half as much of it, twice as large. */
  zoom: number;
}

export interface RenderFramesOptions {
  width: number;
  height: number;
  frames: number;
  fps: number;
  /** Camera at time `t` seconds (frame / fps), in source-image pixels. */
  path: (t: number) => Camera;
  /** CSS colour behind the image where the camera sees past its edges. */
  background?: string;
}

export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

function mimeOf(path: string): string {
  const mime = MIME_BY_EXTENSION[extname(path).toLowerCase()];
  if (!mime)
    throw new Error(
      `No image type known for ${path}; use one of ${Object.keys(MIME_BY_EXTENSION).join(', ')}.`,
    );
  return mime;
}

/** Decodes an image file in the page (once per path) and keeps it there for later calls. */
export async function loadImage(page: Page, path: string): Promise<LoadedImage> {
  const key = resolve(path);
  const known = await page.evaluate(
    ({ store, key }) => {
      const image = (window as unknown as Record<string, Map<string, HTMLImageElement>>)[store]?.get(key);
      return image ? { width: image.naturalWidth, height: image.naturalHeight } : null;
    },
    { store: IMAGES_KEY, key },
  );
  if (known) return { key, ...known };
  const url = `data:${mimeOf(path)};base64,${readFileSync(path).toString('base64')}`;
  const size = await page.evaluate(
    async ({ store, key, url }) => {
      const w = window as unknown as Record<string, Map<string, HTMLImageElement>>;
      const images = (w[store] ??= new Map());
      const image = new Image();
      image.src = url;
      await image.decode();
      images.set(key, image);
      return { width: image.naturalWidth, height: image.naturalHeight };
    },
    { store: IMAGES_KEY, key, url },
  );
  return { key, ...size };
}

/** Draws one camera view in the page and brings it back as RGBA. */
async function renderFrame(
  page: Page,
  image: LoadedImage,
  width: number,
  height: number,
  camera: Camera,
  background: string,
): Promise<Uint8Array> {
  const base64 = await page.evaluate(
    async ({ store, key, width, height, camera, background }) => {
      const image = (window as unknown as Record<string, Map<string, HTMLImageElement>>)[store]!.get(key)!;
      const w = window as unknown as { __offgridFrameCanvas?: HTMLCanvasElement };
      const canvas = (w.__offgridFrameCanvas ??= document.createElement('canvas'));
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.fillStyle = background;
      ctx.fillRect(0, 0, width, height);
      const scale = camera.zoom * Math.min(width / image.naturalWidth, height / image.naturalHeight);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.setTransform(scale, 0, 0, scale, width / 2 - camera.cx * scale, height / 2 - camera.cy * scale);
      ctx.drawImage(image, 0, 0);
      const rgba = ctx.getImageData(0, 0, width, height).data;
      // The frame is opaque: sending RGB saves a quarter of the bytes, and bytes are the cost here.
      const rgb = new Uint8Array(width * height * 3);
      for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
        rgb[j] = rgba[i]!;
        rgb[j + 1] = rgba[i + 1]!;
        rgb[j + 2] = rgba[i + 2]!;
      }
      const dataUrl = await new Promise<string>((done, fail) => {
        const reader = new FileReader();
        reader.onload = () => done(reader.result as string);
        reader.onerror = () => fail(reader.error);
        reader.readAsDataURL(new Blob([rgb]));
      });
      return dataUrl.slice(dataUrl.indexOf(',') + 1);
    },
    { store: IMAGES_KEY, key: image.key, width, height, camera, background },
  );
  const rgb = Buffer.from(base64, 'base64');
  if (rgb.length !== width * height * 3) throw new Error(`A frame came back with ${rgb.length} bytes.`);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgba[i] = rgb[j]!;
    rgba[i + 1] = rgb[j + 1]!;
    rgba[i + 2] = rgb[j + 2]!;
    rgba[i + 3] = 255;
  }
  return rgba;
}

/**
 * Renders `frames` frames of a camera moving over a still image and yields each as RGBA
 * (width·height·4 bytes, opaque). Smoothing is Chromium's 'high' quality resampling. The
 * next frame is drawn while the caller handles this one.
 */
export async function* renderFrames(
  page: Page,
  image: LoadedImage,
  { width, height, frames, fps, path, background = '#202020' }: RenderFramesOptions,
): AsyncGenerator<Uint8Array> {
  const render = (frame: number) => renderFrame(page, image, width, height, path(frame / fps), background);
  let next = frames > 0 ? render(0) : null;
  try {
    for (let frame = 0; next; frame++) {
      const current = await next;
      next = frame + 1 < frames ? render(frame + 1) : null;
      yield current;
    }
  } finally {
    // A caller that stops early leaves one frame in flight: let it settle quietly.
    await next?.catch(() => undefined);
  }
}

/**
 * Draws `crop` of an image scaled to `width`×`height` (contained, centred on `background`)
 * and encodes it. The one drawing step behind cropImage and upscaleImage.
 */
async function drawEncoded(
  page: Page,
  image: LoadedImage,
  crop: Crop,
  width: number,
  height: number,
  mime: ImageMime,
  quality: number,
  background: string,
): Promise<Buffer> {
  const [x, y, w, h] = crop;
  if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > image.width || y + h > image.height) {
    throw new RangeError(
      `The crop [${crop.join(', ')}] is not inside the ${image.width}×${image.height} image ${image.key}.`,
    );
  }
  const base64 = await page.evaluate(
    async ({ store, key, x, y, w, h, width, height, mime, quality, background }) => {
      const image = (window as unknown as Record<string, Map<string, HTMLImageElement>>)[store]!.get(key)!;
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = background;
      ctx.fillRect(0, 0, width, height);
      const scale = Math.min(width / w, height / h);
      const dw = w * scale;
      const dh = h * scale;
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(image, x, y, w, h, (width - dw) / 2, (height - dh) / 2, dw, dh);
      const blob = await new Promise<Blob>((done, fail) =>
        canvas.toBlob((b) => (b ? done(b) : fail(new Error(`Encoding ${mime} failed.`))), mime, quality),
      );
      const dataUrl = await new Promise<string>((done, fail) => {
        const reader = new FileReader();
        reader.onload = () => done(reader.result as string);
        reader.onerror = () => fail(reader.error);
        reader.readAsDataURL(blob);
      });
      canvas.width = canvas.height = 0; // give a 24-megapixel canvas back at once
      return dataUrl.slice(dataUrl.indexOf(',') + 1);
    },
    { store: IMAGES_KEY, key: image.key, x, y, w, h, width, height, mime, quality, background },
  );
  return Buffer.from(base64, 'base64');
}

/** Cuts `crop` out of an image file, optionally scaled, and encodes it (PNG by default). */
export async function cropImage(
  page: Page,
  path: string,
  crop: Crop,
  scale = 1,
  mime: ImageMime = 'image/png',
): Promise<Buffer> {
  const image = await loadImage(page, path);
  const width = Math.round(crop[2] * scale);
  const height = Math.round(crop[3] * scale);
  return drawEncoded(page, image, crop, width, height, mime, 0.92, '#000');
}

export interface UpscaleOptions {
  width: number;
  height: number;
  /** JPEG quality, 0..1. */
  quality?: number;
  /** Fills the margins when the crop's aspect differs from the output's. */
  background?: string;
}

/**
 * Enlarges `crop` of an image file to a large JPEG (a "camera photo" for the large-image
 * path): the whole crop fits inside, centred, so nothing in it is cut off.
 */
export async function upscaleImage(
  page: Page,
  path: string,
  crop: Crop,
  { width, height, quality = 0.9, background = '#000' }: UpscaleOptions,
): Promise<Buffer> {
  const image = await loadImage(page, path);
  return drawEncoded(page, image, crop, width, height, 'image/jpeg', quality, background);
}

/** Decodes an encoded image (PNG, JPEG) to straight-alpha RGBA, exactly as stored. */
export async function decodePng(page: Page, encoded: Buffer | Uint8Array): Promise<DecodedImage> {
  const decoded = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes]), {
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const dataUrl = await new Promise<string>((done, fail) => {
      const reader = new FileReader();
      reader.onload = () => done(reader.result as string);
      reader.onerror = () => fail(reader.error);
      reader.readAsDataURL(new Blob([pixels]));
    });
    return { width: bitmap.width, height: bitmap.height, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
  }, Buffer.from(encoded).toString('base64'));
  return {
    width: decoded.width,
    height: decoded.height,
    rgba: new Uint8Array(Buffer.from(decoded.base64, 'base64')),
  };
}
