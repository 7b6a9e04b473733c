/**
 * Stand-ins for the camera sessions' tests (the face session, the health tasks): a <video> whose
 * play() waits for the test, and an overlay canvas that can move to the worker. Test-only.
 */
import { vi } from 'vitest';

/** What a camera session shows its camera on. */
interface CameraView {
  video: HTMLVideoElement | null;
  overlay: HTMLCanvasElement | null;
}

/** A video whose play() resolves when the test says so (Chromium may resolve it after srcObject was cleared). */
export function pausedVideo() {
  let play!: () => void;
  const playing = new Promise<void>((resolve) => (play = resolve));
  const video = { srcObject: null, play: vi.fn(() => playing), videoWidth: 640, clientWidth: 640 };
  return { video: video as unknown as HTMLVideoElement, play };
}

/** `session` showing its camera on `video`, under an overlay canvas that hands itself to the worker. */
export function onScreen<T extends CameraView>(session: T, video: HTMLVideoElement): T {
  session.video = video;
  session.overlay = { transferControlToOffscreen: () => ({}) } as unknown as HTMLCanvasElement;
  return session;
}
