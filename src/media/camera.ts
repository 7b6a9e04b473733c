/**
 * Camera capture: getUserMedia with errors a person can act on, and a stop that releases
 * every track (the camera light goes off when a page is left).
 */
import { AppError } from '../shared/errors';

export type Facing = 'user' | 'environment';

/** Asked for, not required: the browser picks the nearest mode the camera has. */
export const DEFAULT_CAMERA_SIZE = { width: 640, height: 480 } as const;

const PHOTO_STILL_WORKS = 'You can still open a photo.';

/**
 * Maps a getUserMedia failure to an AppError with its own advice. `fallback` says what still
 * works without a camera on the page asking.
 */
export function cameraError(error: unknown, fallback: string = PHOTO_STILL_WORKS): AppError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new AppError(
        'camera/denied',
        `Camera access is blocked. Allow the camera for this site in the browser's site settings, then try again. ${fallback}`,
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new AppError(
        'camera/not-found',
        `No camera was found on this device. Connect one and try again. ${fallback}`,
      );
    case 'NotReadableError':
    case 'AbortError':
      return new AppError(
        'camera/busy',
        `The camera is in use by another app or tab, or the system blocked it. Close the other app, then try again. ${fallback}`,
      );
    default:
      return new AppError(
        'camera/failed',
        `The camera could not start (${error instanceof Error ? error.message : String(error)}). ${fallback}`,
      );
  }
}

/** Opens the camera facing `facing`. Throws AppError camera/*. */
export async function openCamera(facing: Facing, fallback: string = PHOTO_STILL_WORKS): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new AppError(
      'camera/unsupported',
      `This browser offers no camera here (cameras need HTTPS or localhost). ${fallback}`,
    );
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        facingMode: { ideal: facing },
        width: { ideal: DEFAULT_CAMERA_SIZE.width },
        height: { ideal: DEFAULT_CAMERA_SIZE.height },
      },
    });
  } catch (error) {
    throw cameraError(error, fallback);
  }
}

/** Stops every track of a stream: the browser releases the camera and turns its light off. */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** True when more than one camera is known (a front/back switch makes sense). */
export async function hasSeveralCameras(): Promise<boolean> {
  const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []);
  return (devices ?? []).filter((d) => d.kind === 'videoinput').length > 1;
}
