import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from './backend.js';
import { fusedGeluTanh, fusedLayerNorm } from './fused-ops.js';
import { seededValues } from './test-support/compare.js';
import { tf } from './tfjs.js';

registerNativeBackend();

/**
 * A scalar function of x (3, 5, 8) that runs through every native kernel family on the native backend:
 * matmul, conv2d, broadcasting add/sub/mul/div/pow/squared difference/max, transpose, slice (pad in the
 * gradient), sum/mean/max, softmax, exp/tanh/sigmoid/sqrt, and the fused GELU and layer norm.
 */
function everyKernel(x: tf.Tensor): tf.Scalar {
  const [batch, tokens, width] = x.shape as [number, number, number];
  const weight = tf.tensor(seededValues(width * width, 21), [width, width]).mul(0.3);
  const shift = tf.tensor(seededValues(batch * width, 22), [batch, 1, width]);
  let h = fusedLayerNorm(x, 1e-5)!; // (B, T, D)
  h = tf.add(tf.mul(h, tf.add(1, shift)), shift.mul(0.5)); // adaLN-style broadcast
  h = fusedGeluTanh(tf.matMul(h, weight))!; // (B, T, D)
  const scores = tf.softmax(tf.matMul(h, h, false, true).div(Math.sqrt(width))); // (B, T, T)
  h = tf.matMul(scores, h); // (B, T, D)
  const left = tf.slice(h, [0, 0, 0], [-1, -1, width / 2]);
  const right = tf.slice(h, [0, 0, width / 2], [-1, -1, width / 2]);
  h = tf.concat([tf.tanh(left), tf.sigmoid(right)], 2).transpose([0, 2, 1]); // (B, D, T)
  const image = tf.reshape(h, [batch, width, tokens, 1]); // NHWC
  const filter = tf.tensor(seededValues(3 * 3 * 1 * 2, 23), [3, 3, 1, 2]);
  const convolved = tf.conv2d(image as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'); // (B, D, T, 2)
  const positive = tf.add(tf.square(convolved), 0.5);
  return tf
    .sum(tf.sqrt(positive))
    .add(tf.mean(tf.exp(tf.mul(convolved, 0.2))))
    .add(tf.max(tf.pow(positive, 1.5)).mul(0.01))
    .add(tf.sum(tf.squaredDifference(h, tf.mul(h, tf.mean(h, 1, true)))).mul(0.1))
    .add(
      tf
        .sum(tf.maximum(h, 0.1))
        .sub(tf.sum(tf.div(h, positive.mean())))
        .mul(0.05),
    ) as tf.Scalar;
}

describe('gradients on the native backend', () => {
  it('match central finite differences (float64 reference slope) through every native kernel', async () => {
    await tf.setBackend('latentlab-native');
    const shape = [3, 5, 8];
    const x = tf.tensor(seededValues(3 * 5 * 8, 1), shape);
    const direction = tf.tensor(seededValues(3 * 5 * 8, 2), shape);
    const analytic = tf.sum(tf.mul(tf.grad(everyKernel)(x), direction)).dataSync()[0]!;
    // Central differences along the direction; float32 evaluation, so a step of 1e-2 balances truncation
    // (O(h²)) against rounding (O(ε/h)).
    const step = 1e-2;
    const at = (scale: number) => everyKernel(tf.add(x, tf.mul(direction, scale))).dataSync()[0]!;
    const numeric = (at(step) - at(-step)) / (2 * step);
    expect(Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(2e-3);
  });
});
