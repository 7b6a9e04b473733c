/** The face calls as the page makes them: faces in a frame or a photo, and the live camera loop. */
import { proxy, transfer } from 'comlink';
import type { FeedHandoff } from '../../shared/frame-feed';
import type { FaceTaskOptions, LiveOptions, LiveReport } from '../../features/face/shared/types';
import type { FaceTaskResult, PhotoTaskResult } from '../../worker/types';
import type { StartCameraLoop } from '../../worker/calls/camera-loop-types';
import type { CallOptions, ClientCore, ModelHandle } from './core';

/** Live options as the page gives them: the mesh model by its page handle. */
type PageLiveOptions = Omit<LiveOptions, 'meshHandle'> & { mesh?: ModelHandle };

/** Worker handles of a face detector and its optional mesh model, plus the other options. */
async function faceHandles<T extends { mesh?: ModelHandle }>(
  core: ClientCore,
  detector: ModelHandle,
  options: T,
  signal?: AbortSignal,
): Promise<{ handle: number; options: Omit<T, 'mesh'> & { meshHandle?: number } }> {
  const { mesh, ...rest } = options;
  const handle = await core.workerHandle(detector, signal);
  const meshHandle = mesh ? await core.workerHandle(mesh, signal) : undefined;
  return { handle, options: { ...rest, meshHandle } };
}

export interface FaceClient {
  /** Finds faces in a frame. The frame is transferred (and closed by the worker): pass a clone to keep one. */
  detectFaces(
    detector: ModelHandle,
    frame: ImageBitmap | VideoFrame,
    options: FaceTaskOptions & { mesh?: ModelHandle },
    callOptions?: CallOptions,
  ): Promise<FaceTaskResult>;
  /** Decodes a photo in the worker (never on the page), scales it, and finds the faces in it. */
  detectPhoto(
    detector: ModelHandle,
    photo: Blob,
    name: string,
    options: FaceTaskOptions & { mesh?: ModelHandle },
    callOptions?: CallOptions,
  ): Promise<PhotoTaskResult>;
  /**
   * Starts the live pipeline in the worker: `frames` (a camera track's VideoFrame stream) and
   * `canvas` (the overlay, transferred) move to the worker; reports come back per frame.
   */
  startLive: StartCameraLoop<ModelHandle, PageLiveOptions, LiveReport, FeedHandoff>;
  /** New live options; a new detector (another mode) or mesh model is loaded first. */
  updateLive(detector: ModelHandle, options: PageLiveOptions): Promise<void>;
  stopLive(): Promise<void>;
}

export const faceClient: FaceClient & ThisType<ClientCore> = {
  async detectFaces(detector, frame, options, callOptions = {}) {
    try {
      const task = await faceHandles(this, detector, options, callOptions.signal);
      return await this.call(
        (api, callId) => api.detectFaces(task.handle, transfer(frame, [frame]), task.options, callId),
        callOptions,
      );
    } catch (error) {
      frame.close();
      throw error;
    }
  },

  async detectPhoto(detector, photo, name, options, callOptions = {}) {
    const task = await faceHandles(this, detector, options, callOptions.signal);
    return this.call((api, callId) => api.detectPhoto(task.handle, photo, name, task.options, callId), {
      timeoutMs: 60_000,
      ...callOptions,
    });
  },

  async startLive(detector, frames, canvas, options, onReport, onEnd) {
    const task = await faceHandles(this, detector, options);
    await this.call((api) =>
      api.startLive(
        task.handle,
        transfer(frames.feed, frames.transfer),
        transfer(canvas, [canvas]),
        task.options,
        proxy(onReport),
        proxy(onEnd),
      ),
    );
  },

  async updateLive(detector, options) {
    const task = await faceHandles(this, detector, options);
    await this.call((api) => api.updateLive(task.handle, task.options));
  },

  stopLive() {
    return this.call((api) => api.stopLive());
  },
};
