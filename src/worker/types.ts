/**
 * Types of the inference worker's API. The page imports these with `import type` only and
 * talks to the worker through src/runtime/inference-client.ts. Each feature's calls are typed
 * beside their code in src/worker/calls/ (`<feature>-types.ts`); the API is all of them.
 */
import type { DebugCalls } from './calls/debug-types';
import type { FaceCalls } from './calls/face-types';
import type { HealthCalls } from './calls/health-types';
import type { ModelCalls } from './calls/models-types';
import type { TranslateCalls } from './calls/translate-types';

export * from './bridge-types';
export type * from './calls/debug-types';
export type * from './calls/face-types';
export type * from './calls/health-types';
export type * from './calls/models-types';
export type * from './calls/translate-types';

/** What the worker exposes over Comlink. Every call that does work takes a call id so it can be aborted. */
export type InferenceApi = ModelCalls & FaceCalls & HealthCalls & TranslateCalls & DebugCalls;
