import { FACE_MEDIA_DIR, prepareFaceMedia } from './media/face-media';
import { PULSE_MEDIA_DIR, preparePulseMedia } from './media/pulse-media';
export default async function setup(): Promise<void> {
  await prepareFaceMedia(FACE_MEDIA_DIR);
  await preparePulseMedia(PULSE_MEDIA_DIR);
}
