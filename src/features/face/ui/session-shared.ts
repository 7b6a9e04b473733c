/** What the face session and its parts share: the picture's source, the mode, the count's state, the marks' scale. */
import type { Facing } from '../../../media/camera';
import type { FaceMode } from '../shared/types';

export type Source = 'none' | 'camera' | 'photo';

/** Frame pixels per CSS pixel of the element showing the frame (1 when unknown). */
export function markScale(frameWidth: number | undefined, shownWidth: number | undefined): number {
  return frameWidth && shownWidth ? Math.max(0.5, frameWidth / shownWidth) : 1;
}

export type ModeChoice = 'auto' | FaceMode;
/**
 * Where the face count stands: 'idle' before anything was asked, 'working' while a photo or the
 * camera's first frame is on its way, 'done' with a count, 'error' when it failed (the reason is
 * shown in the photo, camera or model error). Every photo and camera start ends in done or error:
 * the worker's calls and model loads have watchdogs that end a call that never answers.
 */
export type CountState = 'idle' | 'working' | 'done' | 'error';

/** Auto mode: a selfie camera sees near faces; a rear camera and photos see groups and far faces. */
export function autoMode(source: Source, facing: Facing): FaceMode {
  return source === 'camera' && facing === 'user' ? 'short' : 'full';
}
