import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onScreen, pausedVideo } from '../../../media/video.test-helpers';
import type { ModelHandle } from '../../../runtime/inference-client';
import { AppError } from '../../../shared/errors';
import { FACE_MODEL_IDS } from '../shared/config';
import { FaceSession } from './face-session';

const loadModel = vi.fn(
  async (id: string) => ({ id: 1, info: { skipped: [] }, name: id }) as unknown as ModelHandle,
);
const startLive = vi.fn(async () => undefined);
const stopLive = vi.fn(async () => undefined);
const workerFeatures = vi.fn(async () => ({ trackProcessor: true }));
const detectPhoto = vi.fn(async (..._args: unknown[]): Promise<unknown> => {
  throw new AppError('image/unreadable', '“holiday.jpg” is not an image this browser can read.');
});
vi.mock('../../../runtime/models', () => ({
  loadModel: (id: string) => loadModel(id),
  inference: () => ({
    startLive,
    stopLive,
    workerFeatures,
    detectPhoto: (...args: unknown[]) => detectPhoto(...args),
    memory: async () => ({ tensors: 0 }),
  }),
}));

const track = { getSettings: () => ({}), stop: vi.fn() };
const stream = { getVideoTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
vi.mock('../../../media/camera', () => ({
  openCamera: async () => stream,
  stopStream: (s: MediaStream | null) => s?.getTracks().forEach((t) => t.stop()),
}));
vi.mock('../../../media/camera-frames', () => ({
  cameraFeed: () => ({ feed: {}, transfer: [] }),
  // As the real one: the worker is asked (the page has no processor here).
  framePath: async (worker: { workerFeatures(): Promise<unknown> }) => {
    await worker.workerFeatures();
    return 'track';
  },
}));
vi.mock('../../../media/frame-pump', () => ({}));

const session = (video: HTMLVideoElement) => onScreen(new FaceSession(), video);

beforeEach(() => {
  vi.clearAllMocks();
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => setTimeout(callback, 0));
});
afterEach(() => vi.unstubAllGlobals());

describe('FaceSession camera start', () => {
  it('starts the worker loop with the camera detector', async () => {
    const { video, play } = pausedVideo();
    const face = session(video);
    const starting = face.startCamera('user');
    await vi.waitFor(() => expect(video.play).toHaveBeenCalled());
    play();
    await starting;
    expect(startLive).toHaveBeenCalledTimes(1);
    expect(loadModel.mock.calls.map(([id]) => id)).not.toContain(FACE_MODEL_IDS.full);
    face.dispose();
  });

  it('loads no detector when the page is left while the video starts', async () => {
    const { video, play } = pausedVideo();
    const face = session(video);
    const starting = face.startCamera('user');
    await vi.waitFor(() => expect(video.play).toHaveBeenCalled());
    // The route changes: the session is disposed, then play() settles.
    face.dispose();
    play();
    await starting;
    // Before the fix: source 'none' gave auto mode 'full', and the full-range detector was
    // loaded (112 tensors that stayed in the worker for good).
    expect(loadModel.mock.calls.map(([id]) => id)).not.toContain(FACE_MODEL_IDS.full);
    expect(startLive).not.toHaveBeenCalled();
  });

  it('starts no worker loop when the camera stops while the loop is being set up', async () => {
    const { video, play } = pausedVideo();
    const face = session(video);
    let features!: () => void;
    workerFeatures.mockImplementationOnce(
      () => new Promise((resolve) => (features = () => resolve({ trackProcessor: true }))),
    );
    const starting = face.startCamera('user');
    await vi.waitFor(() => expect(video.play).toHaveBeenCalled());
    play();
    await vi.waitFor(() => expect(workerFeatures).toHaveBeenCalled());
    face.dispose();
    features();
    await starting;
    expect(startLive).not.toHaveBeenCalled();
    expect(loadModel.mock.calls.map(([id]) => id)).not.toContain(FACE_MODEL_IDS.full);
  });
});

describe('FaceSession count state', () => {
  it('is idle before anything was asked', () => {
    const face = session(pausedVideo().video);
    expect(face.countState.value).toBe('idle');
    face.dispose();
  });

  it('ends a photo that cannot be read in error, with the reason, not in working', async () => {
    const face = session(pausedVideo().video);
    const opening = face.openPhoto(new File(['not a photo'], 'holiday.jpg', { type: 'image/jpeg' }));
    expect(face.countState.value).toBe('working');
    await opening;
    expect(face.countState.value).toBe('error');
    expect(face.photoError.value?.code).toBe('image/unreadable');
    expect(face.photoError.value?.message).toContain('holiday.jpg');
    expect(face.faceCount.value).toBeNull();
    face.dispose();
  });

  it('ends an empty file in error at once, and a failure of the worker in error too', async () => {
    const face = session(pausedVideo().video);
    await face.openPhoto(new File([], 'empty.jpg'));
    expect(face.countState.value).toBe('error');
    expect(face.photoError.value?.code).toBe('image/empty');
    detectPhoto.mockRejectedValueOnce(new Error('The inference worker did not answer within 30 s.'));
    await face.openPhoto(new File(['x'], 'group.jpg'));
    expect(face.countState.value).toBe('error');
    expect(face.photoError.value?.message).toBe(
      'The photo could not be analysed: The inference worker did not answer within 30 s.',
    );
    face.dispose();
  });
});
