/** Types of the debug calls (src/worker/calls/debug.ts): the bridge's own cost, test hooks, what the engine offers. */
export interface WorkerFeatures {
  trackProcessor: boolean;
}

/** One thing the worker keeps loaded for the page: its handle, and what it is ("Model", "Translator"). */
export interface HeldHandle {
  handle: number;
  noun: string;
}

export interface DebugCalls {
  /** Sends a buffer to the worker and straight back (both ways transferred): the bridge's own cost. */
  echo(buffer: ArrayBuffer): Promise<ArrayBuffer>;
  /** Test hooks: a call that never returns, and losing the WebGPU device. */
  debugHang(): Promise<never>;
  debugLoseDevice(): Promise<boolean>;
  /** What this worker's engine offers (a camera track processor of its own, for the `track` path). */
  features(): Promise<WorkerFeatures>;
  /** What this worker holds for the page (models, sessions, translators), oldest first: leaks show here. */
  held(): Promise<HeldHandle[]>;
  /** Throws an uncaught error in the worker, as a crash or an out-of-memory abort would. */
  debugCrash(): void;
}
