/**
 * Photos are decoded and scaled here, in the worker, so a 6000×4000 JPEG never blocks the
 * page. The page gets back a bitmap no larger than PHOTO_MAX_SIDE to draw.
 */
import { AppError } from '../../../shared/errors';
import { emptyPhotoError } from '../shared/photo-errors';

/** Longest side of the bitmap the page shows and the detector reads. */
export const PHOTO_MAX_SIDE = 2048;
/** Larger images are refused before decoding would exhaust memory (≈ 400 MB of RGBA). */
export const PHOTO_MAX_PIXELS = 100_000_000;

export interface DecodedPhoto {
  bitmap: ImageBitmap;
  sourceWidth: number;
  sourceHeight: number;
}

/** Decodes an image file and scales it to fit PHOTO_MAX_SIDE. Throws AppError image/*. */
export async function decodePhoto(blob: Blob, name: string, maxSide = PHOTO_MAX_SIDE): Promise<DecodedPhoto> {
  if (blob.size === 0) throw emptyPhotoError(name);
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(blob);
  } catch {
    throw new AppError(
      'image/unreadable',
      `“${name}” is not an image this browser can read. Pick a JPEG, PNG, WebP, GIF or AVIF photo.`,
    );
  }
  const { width, height } = full;
  if (width * height > PHOTO_MAX_PIXELS) {
    full.close();
    throw new AppError(
      'image/too-large',
      `“${name}” is ${Math.round((width * height) / 1e6)} megapixels; photos up to ${PHOTO_MAX_PIXELS / 1e6} megapixels can be opened.`,
    );
  }
  const scale = Math.min(1, maxSide / Math.max(width, height));
  if (scale === 1) return { bitmap: full, sourceWidth: width, sourceHeight: height };
  try {
    const bitmap = await createImageBitmap(full, {
      resizeWidth: Math.max(1, Math.round(width * scale)),
      resizeHeight: Math.max(1, Math.round(height * scale)),
      resizeQuality: 'high',
    });
    return { bitmap, sourceWidth: width, sourceHeight: height };
  } finally {
    full.close();
  }
}
