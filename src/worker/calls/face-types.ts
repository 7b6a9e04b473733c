/** Types of the face calls (src/worker/calls/face.ts): a frame, a photo, the live camera loop. */
import type { FaceResult, FaceTaskOptions, LiveOptions, LiveReport } from '../../features/face/shared/types';
import type { Backend, SkippedBackend } from '../bridge-types';
import type { StartCameraLoop } from './camera-loop-types';

/** A face-task result, with the backend that ran it. */
export interface FaceTaskResult extends FaceResult {
  backend: Backend;
  /** The detector's run was not on the forced backend: which one, and why (see RunResult). */
  fellBack?: SkippedBackend;
}

/** A photo decoded and scaled in the worker, and the faces found in it. */
export interface PhotoTaskResult {
  result: FaceTaskResult;
  /** The scaled photo (at most PHOTO_MAX_SIDE), transferred to the page; the result's coordinates are in its pixels. */
  bitmap: ImageBitmap;
  sourceWidth: number;
  sourceHeight: number;
}

export interface FaceCalls {
  /** Finds faces in one frame (transferred; the worker closes it). */
  detectFaces(
    handle: number,
    frame: ImageBitmap | VideoFrame,
    options: FaceTaskOptions,
    callId: number,
  ): Promise<FaceTaskResult>;
  /** Decodes a photo file off the main thread, scales it, and finds the faces in it. */
  detectPhoto(
    handle: number,
    photo: Blob,
    name: string,
    options: FaceTaskOptions,
    callId: number,
  ): Promise<PhotoTaskResult>;
  /** Runs the live camera pipeline in the worker on the detector's handle: faces, and their overlay. */
  startLive: StartCameraLoop<number, LiveOptions, LiveReport>;
  updateLive(detector: number, options: LiveOptions): Promise<void>;
  stopLive(): Promise<void>;
}
