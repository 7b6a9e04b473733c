/**
 * The @vladmandic/human peer: its face detection alone (BlazeFace, the same blazeface-front
 * weights as ours, 128² input) with every other model off, on its own bundled tfjs 4.22. Its
 * models and WebAssembly are self-hosted by the bench server; it runs on the page's main thread,
 * as Human does by default.
 */
import { Human, type Config } from '@vladmandic/human';
import { FACE_BENCH_DETECTOR, type FaceBackend } from '../src/features/bench/shared/face-suite';
import type { FaceRunner } from '../src/features/bench/run/face-run';

/** The app's self-hosted tfjs WebAssembly files (the same tfjs 4.22 build Human bundles). */
const TFJS_WASM_PATH = '/runtime/tfjs/';
const HUMAN_VERSION = '3.3.6';

/** Face detection only; thresholds and face limit as ours so face counts compare. */
function humanConfig(backend: FaceBackend, modelBase: string): Partial<Config> {
  const off = { enabled: false };
  return {
    backend,
    modelBasePath: modelBase,
    wasmPath: new URL(TFJS_WASM_PATH, location.href).href,
    debug: false,
    async: true,
    warmup: 'none',
    cacheModels: false,
    // Every frame is analysed afresh: no result cache, no skipped frames.
    cacheSensitivity: 0,
    // Image filters are image processing, not face detection.
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: {
        enabled: true,
        modelPath: 'blazeface-front.json',
        rotation: false,
        maxDetected: FACE_BENCH_DETECTOR.maxFaces,
        minConfidence: FACE_BENCH_DETECTOR.minScore,
        iouThreshold: FACE_BENCH_DETECTOR.iouThreshold,
        skipFrames: 0,
        skipTime: 0,
        return: false,
      },
      mesh: off,
      attention: off,
      iris: off,
      description: off,
      emotion: off,
      antispoof: off,
      liveness: off,
      gear: off,
    },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
  };
}

/** Human with face detection only, loaded on `backend`. */
export async function loadHumanRunner(backend: FaceBackend, modelBase: string): Promise<FaceRunner> {
  const human = new Human(humanConfig(backend, modelBase));
  // Single-threaded WebAssembly, like ours (the app's CSP rules out tfjs's thread workers).
  if (backend === 'wasm') human.tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await human.load();
  const ranOn = String(human.tf.getBackend());
  if (ranOn !== backend) throw new Error(`Human started ${ranOn} instead of ${backend}`);
  return {
    ranOn,
    settings: {
      runtime: `@vladmandic/human ${HUMAN_VERSION} (its bundled tfjs 4.22) on the page`,
      threads: 1,
      preprocess: 'stretch to 128² (Human default, square off)',
    },
    async detect(frame) {
      const started = performance.now();
      const result = await human.detect(frame);
      const ms = performance.now() - started;
      if (result.error) throw new Error(`Human: ${result.error}`);
      return { ms, faces: result.face.length };
    },
    // The harness runs each backend in a fresh page, which frees Human's models and backend.
    async dispose() {},
  };
}
