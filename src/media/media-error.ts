/**
 * getUserMedia's failures as AppErrors a person can act on, worded for the device that was
 * asked for.
 */
import { AppError, errorMessage } from '../shared/errors';

export type MediaDevice = 'camera' | 'microphone';

/** How each device is named in codes and messages. */
const DEVICES = {
  camera: { code: 'camera', name: 'camera', title: 'Camera', notFoundAdvice: ' Connect one and try again.' },
  microphone: { code: 'mic', name: 'microphone', title: 'Microphone', notFoundAdvice: '' },
} as const;

/**
 * Maps a getUserMedia failure (a DOMException named NotAllowedError, NotFoundError,
 * NotReadableError, …) to an AppError camera/* or mic/* with its own advice. `fallback`
 * says what still works without the device.
 */
export function mediaError(device: MediaDevice, error: unknown, fallback: string): AppError {
  const { code, name, title, notFoundAdvice } = DEVICES[device];
  switch (error instanceof DOMException || error instanceof Error ? error.name : '') {
    case 'NotAllowedError':
    case 'SecurityError':
      return new AppError(
        `${code}/denied`,
        `${title} access is blocked. Allow the ${name} for this site in the browser's site settings, then try again. ${fallback}`,
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new AppError(
        `${code}/not-found`,
        `No ${name} was found on this device.${notFoundAdvice} ${fallback}`,
      );
    case 'NotReadableError':
    case 'AbortError':
      return new AppError(
        `${code}/busy`,
        `The ${name} is in use by another app or tab, or the system blocked it. Close the other app, then try again. ${fallback}`,
      );
    default:
      return new AppError(
        `${code}/failed`,
        `The ${name} could not start (${errorMessage(error)}). ${fallback}`,
      );
  }
}
