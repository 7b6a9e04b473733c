/**
 * Microphone capture: getUserMedia with errors a person can act on. Audio stays on the page's
 * audio graph; nothing is recorded or sent.
 */
import { AppError } from '../shared/errors';
import { mediaError } from './media-error';

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
    throw mediaError('microphone', error, fallback);
  }
}
