/**
 * Runs before every other module of the inference worker (its first import). The worker's CSP
 * requires Trusted Types too, and the engines start their WebAssembly threads from plain URLs no
 * caller can wrap (onnxruntime-web's `new Worker(new URL(import.meta.url))`, tfjs's thread
 * worker): this worker's `default` policy admits exactly those scripts on this origin and nothing
 * else. It also logs every policy violation in this worker (src/shared/policy-violations.ts).
 */
import { ENGINE_THREAD_SCRIPTS } from '../shared/security-policy';
import { reportPolicyViolations } from '../shared/policy-violations';
import { claimDefaultPolicy } from '../shared/trusted-types';

/**
 * When this worker's modules began to evaluate (ms since the epoch): every chunk of its static
 * graph is fetched and parsed by then, so start-up profiles can tell fetching from evaluating.
 */
export const evaluationBegan = performance.timeOrigin + performance.now();

reportPolicyViolations('the inference worker', self);
claimDefaultPolicy(ENGINE_THREAD_SCRIPTS);
