/** The face calls: faces in one frame or one photo, and the live camera loop with its overlay. */
import { transfer } from 'comlink';
import { decodePhoto } from '../../features/face/worker/decode-photo';
import { detectFaces, faceMeshes, type ModelRunner } from '../../features/face/worker/detect-faces';
import { LiveLoop } from '../../features/face/worker/live-loop';
import type { FrameSource } from '../../features/face/worker/pixels';
import type { FaceTaskOptions } from '../../features/face/shared/types';
import { abortError, takeAborted, throwIfAborted } from '../cancel';
import { reportEnd } from '../camera-loop';
import { openFeed } from '../frame-feed';
import type { Backend, SkippedBackend } from '../bridge-types';
import type { FaceCalls, FaceTaskResult } from './face-types';
import { modelCalls, tfjsBackendNow } from './models';

/** Face detection (and the mesh when asked) on one frame; the caller owns the frame and closes it. */
async function faceTask(
  handle: number,
  frame: FrameSource,
  options: FaceTaskOptions,
  callId: number,
): Promise<FaceTaskResult> {
  let backend: Backend = tfjsBackendNow();
  let fellBack: SkippedBackend | undefined;
  const runModel: ModelRunner = async (model, inputs) => {
    throwIfAborted(callId);
    const result = await modelCalls.run(model, inputs, 0);
    backend = result.backend;
    fellBack ??= result.fellBack;
    return result.outputs;
  };
  try {
    const result = await detectFaces(runModel, handle, frame, options);
    if (options.meshHandle !== undefined && result.faces.length > 0) {
      const started = performance.now();
      result.meshes = await faceMeshes(runModel, options.meshHandle, frame, result.faces);
      result.timings.mesh = performance.now() - started;
    }
    if (takeAborted(callId)) throw abortError();
    return { ...result, backend, ...(fellBack && { fellBack }) };
  } finally {
    takeAborted(callId);
  }
}

/** The one live camera loop this worker runs, if any. */
let live: LiveLoop | null = null;

export const faceCalls: FaceCalls = {
  async detectFaces(handle, frame, options, callId) {
    try {
      return await faceTask(handle, frame, options, callId);
    } finally {
      frame.close();
    }
  },

  async detectPhoto(handle, photo, name, options, callId) {
    const { bitmap, sourceWidth, sourceHeight } = await decodePhoto(photo, name);
    try {
      // The detector draws from a copy: a bitmap a worker canvas has read becomes slow for the page
      // to draw (measured: 500–600 ms main-thread tasks on a 2048-pixel photo), the untouched one is not.
      const copy = await createImageBitmap(bitmap);
      const result = await faceTask(handle, copy, options, callId).finally(() => copy.close());
      return transfer({ result, bitmap, sourceWidth, sourceHeight }, [bitmap]);
    } catch (error) {
      bitmap.close();
      throw error;
    }
  },

  async startLive(detector, frames, canvas, options, onReport, onEnd) {
    live?.stop();
    const run: ModelRunner = async (model, inputs) => (await modelCalls.run(model, inputs, 0)).outputs;
    const loop = new LiveLoop(
      run,
      detector,
      openFeed(frames),
      canvas,
      options,
      (report) => void Promise.resolve(onReport(report)).catch(() => undefined),
      tfjsBackendNow,
    );
    live = loop;
    reportEnd(loop.done, onEnd, () => {
      if (live === loop) live = null;
    });
  },

  async updateLive(detector, options) {
    live?.update(detector, options);
  },

  async stopLive() {
    const loop = live;
    live = null;
    loop?.stop();
    await loop?.done.catch(() => undefined);
  },
};
