/**
 * The one inference worker. Pages reach it only through src/runtime/inference-client.ts
 * (Comlink). Models are fetched by URL, so the service worker's model store serves them.
 *
 * Its API is every feature's calls (src/worker/calls/: models, face, health, translate, debug),
 * each typed beside its code; loaded things share one handle table (handles.ts) and one way to
 * stop a call (cancel.ts). Adding a call touches one feature's calls, its types and its client.
 */
// Must stay the first import: the Trusted Types default policy exists before any engine loads.
import './harden';
import { expose, transferHandlers } from 'comlink';
import { preserveAppErrors } from '../shared/comlink-errors';
import { watchWasmMemories } from '../features/bench/worker/wasm-memories';
import { debugCalls } from './calls/debug';
import { faceCalls } from './calls/face';
import { healthCalls } from './calls/health';
import { modelCalls } from './calls/models';
import { translateCalls } from './calls/translate';
import type { InferenceApi } from './types';

const api: InferenceApi = { ...modelCalls, ...faceCalls, ...healthCalls, ...translateCalls, ...debugCalls };

preserveAppErrors(transferHandlers);
// Before ORT loads: its WebAssembly memory is reachable only as it is made.
watchWasmMemories();
expose(api);
