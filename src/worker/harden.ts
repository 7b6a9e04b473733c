/**
 * Runs before every other module of the inference worker (its first import). The worker's CSP
 * requires Trusted Types too, and onnxruntime-web starts its WebAssembly threads with
 * `new Worker(new URL(import.meta.url))`, a plain URL no caller can wrap: this worker's `default`
 * policy admits exactly that script on this origin and nothing else.
 */
import { ENGINE_THREAD_SCRIPTS } from '../shared/security-policy';
import { claimDefaultPolicy } from '../shared/trusted-types';

claimDefaultPolicy(ENGINE_THREAD_SCRIPTS);
