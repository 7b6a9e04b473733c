/**
 * Microphone capture: getUserMedia with errors a person can act on. Audio stays on the page's
 * audio graph; nothing is recorded or sent.
 */
import { AppError } from '../shared/errors';

/** Maps a getUserMedia failure to an AppError with its own advice; `fallback` says what still works. */
export function microphoneError(error: unknown, fallback: string): AppError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new AppError(
        'mic/denied',
        `Microphone access is blocked. Allow the microphone for this site in the browser's site settings, then try again. ${fallback}`,
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new AppError('mic/not-found', `No microphone was found on this device. ${fallback}`);
    case 'NotReadableError':
    case 'AbortError':
      return new AppError(
        'mic/busy',
        `The microphone is in use by another app or tab, or the system blocked it. Close the other app, then try again. ${fallback}`,
      );
    default:
      return new AppError(
        'mic/failed',
        `The microphone could not start (${error instanceof Error ? error.message : String(error)}). ${fallback}`,
      );
  }
}

/**
 * Opens the microphone with the browser's voice processing off: noise suppression and
 * automatic gain would flatten the quiet, slow sounds of breathing.
 */
export async function openMicrophone(fallback: string): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new AppError(
      'mic/unsupported',
      `This browser offers no microphone here (it needs HTTPS or localhost). ${fallback}`,
    );
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: false,
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
  } catch (error) {
    throw microphoneError(error, fallback);
  }
}
