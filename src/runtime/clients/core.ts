/**
 * What every feature's client (this folder) builds on: the InferenceClient's one way to call
 * the worker (abort, watchdog, restart) and its models that survive restarts. The feature
 * clients are mixed into InferenceClient (src/runtime/inference-client.ts), so pages call
 * `client.detectFaces(…)`; adding a call touches one feature's client, its worker calls and
 * their types.
 */
import type { Remote } from 'comlink';
import type { InferenceApi, LoadedModel, WorkerEvent } from '../../worker/types';

export interface CallOptions {
  signal?: AbortSignal;
  /** Progress and log lines from the worker, as typed events. */
  onEvent?: (event: WorkerEvent) => void;
  /** Watchdog for this call; defaults to DEFAULT_WATCHDOG_MS. */
  timeoutMs?: number;
}

/** A model as the page sees it: a stable id that survives worker restarts. */
export interface ModelHandle {
  readonly id: number;
  info: LoadedModel;
}

/** Why the worker was restarted, for the UI to say. */
export interface RestartEvent {
  /** `outside-store`: the worker began before the model store controlled the page, and is replaced to load through it. */
  reason: 'crashed' | 'hung' | 'outside-store';
  message: string;
}

/** The InferenceClient as its feature clients see it. */
export interface ClientCore {
  /** Runs one worker call with abort and watchdog. */
  call<T>(
    invoke: (api: Remote<InferenceApi>, callId: number) => Promise<T>,
    options?: CallOptions,
  ): Promise<T>;
  /** Sends one call with no watchdog and no answer awaited (a call meant to end the worker). */
  send(invoke: (api: Remote<InferenceApi>) => unknown): void;
  /** The model's handle in the current worker; loads it again after a restart. */
  workerHandle(model: ModelHandle, signal?: AbortSignal, onEvent?: CallOptions['onEvent']): Promise<number>;
  /** Runs a model load, once more through the model store when the worker began outside it. */
  throughStore<T>(load: () => Promise<T>): Promise<T>;
  onRestart(listener: (event: RestartEvent) => void): () => void;
}

/** A model load's watchdog (other calls: DEFAULT_WATCHDOG_MS in inference-client.ts). */
export const LOAD_WATCHDOG_MS = 120_000;
