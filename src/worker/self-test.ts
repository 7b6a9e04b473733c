/**
 * The golden self-test a backend must pass before it runs a model: a small convolution,
 * ReLU and matrix product on fixed numbers, checked against plain JavaScript arithmetic.
 * It catches backends that start but compute wrong (broken drivers, lost devices).
 */
import type * as tfc from '@tensorflow/tfjs-core';

const H = 4;
const W = 4;
const C_IN = 2;
const C_OUT = 3;
const K = 3;
const OUT = 2;
/** Largest difference allowed from the reference (float16 GPU paths stay well inside it). */
export const SELF_TEST_TOLERANCE = 1e-2;

const input = Float32Array.from({ length: H * W * C_IN }, (_, i) => ((i * 37) % 17) / 8 - 1);
const filter = Float32Array.from({ length: K * K * C_IN * C_OUT }, (_, i) => ((i * 13) % 11) / 10 - 0.5);
const weights = Float32Array.from({ length: C_OUT * OUT }, (_, i) => (i % 5) / 4 - 0.3);

/** conv2d (same padding, stride 1) → relu → reshape [H*W, C_OUT] → matMul [C_OUT, OUT], in plain JS. */
export function referenceOutput(): Float32Array {
  const conv = new Float32Array(H * W * C_OUT);
  for (let y = 0; y < H; y += 1)
    for (let x = 0; x < W; x += 1)
      for (let o = 0; o < C_OUT; o += 1) {
        let sum = 0;
        for (let ky = 0; ky < K; ky += 1)
          for (let kx = 0; kx < K; kx += 1) {
            const iy = y + ky - 1;
            const ix = x + kx - 1;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            for (let c = 0; c < C_IN; c += 1) {
              sum += input[(iy * W + ix) * C_IN + c]! * filter[((ky * K + kx) * C_IN + c) * C_OUT + o]!;
            }
          }
        conv[(y * W + x) * C_OUT + o] = Math.max(0, sum);
      }
  const out = new Float32Array(H * W * OUT);
  for (let r = 0; r < H * W; r += 1)
    for (let j = 0; j < OUT; j += 1) {
      let sum = 0;
      for (let k = 0; k < C_OUT; k += 1) sum += conv[r * C_OUT + k]! * weights[k * OUT + j]!;
      out[r * OUT + j] = sum;
    }
  return out;
}

/** Runs the test on the active tfjs backend; throws with the largest difference when it fails. */
export async function runSelfTest(tf: typeof tfc): Promise<void> {
  const result = tf.tidy(() => {
    const x = tf.tensor4d(input, [1, H, W, C_IN]);
    const f = tf.tensor4d(filter, [K, K, C_IN, C_OUT]);
    const conv = tf.relu(tf.conv2d(x, f, 1, 'same'));
    return tf.matMul(tf.reshape(conv, [H * W, C_OUT]), tf.tensor2d(weights, [C_OUT, OUT]));
  });
  try {
    const actual = (await result.data()) as Float32Array;
    const expected = referenceOutput();
    let worst = 0;
    for (let i = 0; i < expected.length; i += 1) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    if (!(worst <= SELF_TEST_TOLERANCE)) {
      throw new Error(`its self-test output differs from the reference by ${worst.toPrecision(3)}`);
    }
  } finally {
    result.dispose();
  }
}
