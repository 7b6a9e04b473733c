/**
 * The plain-tfjs peer: the same BlazeFace graph model run the usual way (as tfjs-models'
 * blazeface does) on the page's main thread: fromPixels, resize to 128², normalise to [-1, 1],
 * executeAsync, decode the anchors, tf.image.nonMaxSuppressionAsync.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { FACE_BENCH_DETECTOR, type FaceBackend } from '../src/features/bench/shared/face-suite';
import type { FaceRunner } from '../src/features/bench/run/face-run';

const TFJS_WASM_BASE = '/runtime/tfjs/';
const INPUT_SIZE = FACE_BENCH_DETECTOR.inputSize;
/** BlazeFace front: 16² cells × 2 anchors at stride 8, then 8² cells × 6 anchors at stride 16. */
const ANCHOR_LAYERS = [
  { stride: 8, anchors: 2 },
  { stride: 16, anchors: 6 },
] as const;

/** Anchor centres in input pixels, [896, 2], in the model's output order. */
function anchorCentres(): number[][] {
  const centres: number[][] = [];
  for (const { stride, anchors } of ANCHOR_LAYERS) {
    const cells = Math.ceil(INPUT_SIZE / stride);
    for (let y = 0; y < cells; y += 1)
      for (let x = 0; x < cells; x += 1)
        for (let a = 0; a < anchors; a += 1) centres.push([(x + 0.5) * stride, (y + 0.5) * stride]);
  }
  return centres;
}

async function useBackend(backend: FaceBackend): Promise<void> {
  if (backend === 'wasm') {
    const base = new URL(TFJS_WASM_BASE, location.href).href;
    setWasmPaths(
      {
        'tfjs-backend-wasm.wasm': `${base}tfjs-backend-wasm.wasm`,
        'tfjs-backend-wasm-simd.wasm': `${base}tfjs-backend-wasm-simd.wasm`,
        'tfjs-backend-wasm-threaded-simd.wasm': `${base}tfjs-backend-wasm-simd.wasm`,
      },
      true,
    );
    // Single-threaded, like ours and the Human peer.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend`);
  await tf.ready();
}

/** Scores [896] and boxes [896, 4] (x1, y1, x2, y2 in 0..1) from the four raw outputs. */
function decode(outputs: tf.Tensor[], anchors: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  return tf.tidy(() => {
    // [1, 512, 1] + [1, 384, 1] scores, [1, 512, 16] + [1, 384, 16] boxes; the larger layer first.
    const byAnchors = (a: tf.Tensor, b: tf.Tensor) => b.shape[1]! - a.shape[1]!;
    const scores = outputs.filter((t) => t.shape[2] === 1).sort(byAnchors);
    const boxes = outputs.filter((t) => t.shape[2] === 16).sort(byAnchors);
    const raw = tf.squeeze(tf.concat(boxes, 1), [0]) as tf.Tensor2D;
    const logits = tf.reshape(tf.concat(scores, 1), [-1]) as tf.Tensor1D;
    const centres = tf.add(tf.slice(raw, [0, 0], [-1, 2]), anchors);
    const half = tf.div(tf.slice(raw, [0, 2], [-1, 2]), 2);
    const starts = tf.div(tf.sub(centres, half), INPUT_SIZE);
    const ends = tf.div(tf.add(centres, half), INPUT_SIZE);
    return [tf.concat([starts, ends], 1) as tf.Tensor2D, tf.sigmoid(logits) as tf.Tensor1D];
  });
}

/** Face boxes in frame pixels (the input is stretched to 128², so x and y scale apart). */
async function detect(model: GraphModel, anchors: tf.Tensor2D, frame: ImageBitmap): Promise<number[][]> {
  const input = tf.tidy(() => {
    const pixels = tf.expandDims(tf.browser.fromPixels(frame), 0);
    const resized = tf.image.resizeBilinear(pixels as tf.Tensor4D, [INPUT_SIZE, INPUT_SIZE]);
    return tf.sub(tf.div(resized, 127.5), 1);
  });
  const outputs = (await model.executeAsync(input)) as tf.Tensor[];
  input.dispose();
  const [boxes, scores] = decode(outputs, anchors);
  tf.dispose(outputs);
  const { maxFaces, iouThreshold, minScore } = FACE_BENCH_DETECTOR;
  const keep = await tf.image.nonMaxSuppressionAsync(boxes, scores, maxFaces, iouThreshold, minScore);
  try {
    const [indices, all] = await Promise.all([keep.array(), boxes.array()]);
    return indices.map((i) => {
      const [x1, y1, x2, y2] = all[i]!;
      return [x1! * frame.width, y1! * frame.height, x2! * frame.width, y2! * frame.height];
    });
  } finally {
    tf.dispose([keep, boxes, scores]);
  }
}

/** The plain-tfjs peer, loaded on `backend`. */
export async function loadTfjsRunner(backend: FaceBackend, modelUrl: string): Promise<FaceRunner> {
  await useBackend(backend);
  const model = await loadGraphModel(modelUrl);
  const anchors = tf.tensor2d(anchorCentres());
  return {
    ranOn: tf.getBackend(),
    settings: {
      runtime: 'tfjs 4.22 on the page',
      threads: 1,
      preprocess: 'fromPixels, stretch to 128²',
    },
    async detect(frame) {
      const started = performance.now();
      const faces = await detect(model, anchors, frame);
      return { ms: performance.now() - started, faces: faces.length };
    },
    async dispose() {
      model.dispose();
      anchors.dispose();
    },
  };
}
