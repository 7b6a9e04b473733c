/**
 * How pages talk to the service worker's model store.
 * Commands go to the service worker with postMessage; progress and state changes come back
 * to every open page on a BroadcastChannel, so a reloaded page picks them up again.
 */
import type { AppErrorData } from './errors';
import type { Precision } from './model-registry';

export const MODEL_CHANNEL = 'offgrid-models';

/** Header on a model response that failed; its JSON body is an AppErrorData. */
export const MODEL_ERROR_HEADER = 'X-Offgrid-Error';

/** Where a model download stands. `waiting` is decided on the page (network and battery policy). */
export type ModelState = 'available' | 'queued' | 'downloading' | 'stored' | 'waiting' | 'error';

export type ModelCommand =
  | { type: 'model/install'; modelId: string; variant: Precision }
  | { type: 'model/cancel'; modelId: string }
  | { type: 'model/delete'; modelId: string }
  | { type: 'model/delete-all' }
  | { type: 'model/resume' }
  | { type: 'model/status' }
  /** The model host in Settings changed: the service worker re-reads it. */
  | { type: 'model/settings-changed' };

/** Progress of one model's job, in bytes over all its files. */
export interface ModelJobStatus {
  modelId: string;
  variant: Precision;
  version: string;
  state: 'queued' | 'downloading' | 'stored' | 'error' | 'cancelled';
  receivedBytes: number;
  totalBytes: number;
  error?: AppErrorData;
}

export type ModelEvent =
  { type: 'model/progress'; job: ModelJobStatus } | { type: 'model/changed'; modelId: string | null };

/** Answer to model/status: the jobs the service worker is running or has just finished. */
export interface ModelStatusReply {
  jobs: ModelJobStatus[];
}
