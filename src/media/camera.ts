/**
 * Camera capture: getUserMedia with errors a person can act on, and a stop that releases
 * every track (the camera light goes off when a page is left).
 */
import { AppError } from '../shared/errors';
import { mediaError } from './media-error';

export type Facing = 'user' | 'environment';

/** Asked for, not required: the browser picks the nearest mode the camera has. */
export const DEFAULT_CAMERA_SIZE = { width: 640, height: 480 } as const;

const PHOTO_STILL_WORKS = 'You can still open a photo.';

/** Every stream this page opened; background work waits while one still has a live track. */
const opened = new Set<MediaStream>();

/** True while a camera stream the app opened is still live. */
export function cameraInUse(): boolean {
  for (const stream of opened) {
    if (stream.getTracks().some((track) => track.readyState === 'live')) return true;
    opened.delete(stream);
  }
  return false;
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
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        facingMode: { ideal: facing },
        width: { ideal: DEFAULT_CAMERA_SIZE.width },
        height: { ideal: DEFAULT_CAMERA_SIZE.height },
      },
    });
    opened.add(stream);
    return stream;
  } catch (error) {
    throw mediaError('camera', error, fallback);
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
