import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onScreen, pausedVideo } from '../../../media/video.test-helpers';
import { RepsSession } from './reps-session';

const loadModel = vi.fn(async (id: string) => ({ id: 1, info: {}, name: id }));
const startHealth = vi.fn(async () => undefined);
const stopHealth = vi.fn(async () => undefined);
vi.mock('../../../runtime/models', () => ({
  loadModel: (id: string) => loadModel(id),
  inference: () => ({ startHealth, stopHealth, workerFeatures: async () => ({ trackProcessor: true }) }),
}));

const track = { stop: vi.fn() };
const stream = { getVideoTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
vi.mock('../../../media/camera', () => ({
  openCamera: async () => stream,
  stopStream: (s: MediaStream | null) => s?.getTracks().forEach((t) => t.stop()),
}));
vi.mock('../../../media/camera-frames', () => ({
  canStreamFrames: () => true,
  cameraFeed: () => ({ feed: {}, transfer: [] }),
  // As the real one: the worker is asked (the page has no processor here).
  framePath: async (worker: { workerFeatures(): Promise<unknown> }) => {
    await worker.workerFeatures();
    return 'track';
  },
}));
vi.mock('./journal/journal-state', () => ({ journal: {} }));
vi.mock('./rep-feedback', () => ({ repFeedback: vi.fn(), unlockAudio: vi.fn() }));

const session = (video: HTMLVideoElement) => onScreen(new RepsSession(), video);

let paint: (() => void)[] = [];

/** A reps session started on a video that plays at once, held at its first frame's paint. */
async function startedToFirstPaint() {
  const { video, play } = pausedVideo();
  const reps = session(video);
  const starting = reps.start();
  play();
  await vi.waitFor(() => expect(paint).toHaveLength(1));
  return { reps, starting };
}

beforeEach(() => {
  vi.clearAllMocks();
  paint = [];
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => paint.push(callback));
});
afterEach(() => vi.unstubAllGlobals());

describe('CameraTask start', () => {
  it('loads no model when the page is left while the video starts', async () => {
    const { video, play } = pausedVideo();
    const reps = session(video);
    const starting = reps.start();
    await vi.waitFor(() => expect(video.play).toHaveBeenCalled());
    reps.dispose();
    play();
    await starting;
    expect(loadModel).not.toHaveBeenCalled();
    expect(startHealth).not.toHaveBeenCalled();
  });

  it('starts no worker task after stop() has sent stopHealth', async () => {
    const { reps, starting } = await startedToFirstPaint();
    reps.dispose();
    expect(stopHealth).toHaveBeenCalledTimes(1);
    paint[0]!();
    await starting;
    expect(startHealth).not.toHaveBeenCalled();
    expect(reps.state.value).toBe('idle');
  });

  it('starts the task when nothing stops it', async () => {
    const { reps, starting } = await startedToFirstPaint();
    paint[0]!();
    await starting;
    expect(startHealth).toHaveBeenCalledTimes(1);
    expect(reps.state.value).toBe('counting');
    reps.dispose();
  });
});
