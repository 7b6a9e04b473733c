/** Photo errors both sides raise: the page refuses an empty file at once, the worker as a last check. */
import { AppError } from '../../../shared/errors';

/** A 0-byte file: nothing to decode, and no reason to load the face model first. */
export function emptyPhotoError(name: string): AppError {
  return new AppError('image/empty', `“${name}” is empty (0 bytes). Pick a photo file.`);
}
