import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { fusedLayerNorm } from '../fused-ops.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

registerNativeBackend();

/** The composite layer norm (last axis, no affine), as @latentlab/tfjs writes it without the fused kernel. */
const compositeLayerNorm = (x: tf.Tensor, epsilon: number) => {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  return tf.mul(centered, tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), epsilon)));
};

describe('fused layer norm', () => {
  const cases: Array<[number[], number]> = [
    [[3, 7, 37], 1e-5],
    [[64, 49, 128], 1e-6],
    [[5, 1], 1e-5],
    [[11], 1e-3],
  ];

  it('is not offered on the cpu backend', async () => {
    await tf.setBackend('cpu');
    expect(fusedLayerNorm(tf.ones([2, 3]), 1e-5)).toBeNull();
  });

  it('gives one NaN mean per row, and an empty output, when the last axis is empty', async () => {
    await tf.setBackend('latentlab-native');
    const [y, mean, inverseStd] = tf
      .engine()
      .runKernel('LatentlabLayerNorm', { x: tf.zeros([4, 0]) }, { epsilon: 1e-5 }) as tf.Tensor[];
    expect(y!.shape).toEqual([4, 0]);
    expect(mean!.shape).toEqual([4, 1]);
    expect(Array.from(mean!.dataSync())).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(inverseStd!.shape).toEqual([4, 1]);
  });

  it.each(cases)('matches the composite form for %j (ε %f)', async (shape, epsilon) => {
    // An offset and a scale per row, as activations have, so centring matters.
    const values = Float32Array.from(
      seededValues(
        shape.reduce((a, b) => a * b, 1),
        3,
      ),
      (value, index) => 3 * value + (index % 7),
    );
    const expected = await runOn('cpu', () => compositeLayerNorm(tf.tensor(values, shape), epsilon));
    const actual = await runOn('latentlab-native', () => fusedLayerNorm(tf.tensor(values, shape), epsilon)!);
    expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-5);
  });

  it.each(cases)('has the gradient of the composite form for %j', async (shape, epsilon) => {
    const count = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from(seededValues(count, 4), (value, index) => 2 * value + (index % 5));
    const weights = seededValues(count, 5);
    const gradient = (norm: (x: tf.Tensor) => tf.Tensor) => () =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.square(norm(x)), tf.tensor(weights, shape))))(
        tf.tensor(values, shape),
      );
    const expected = await runOn(
      'cpu',
      gradient((x) => compositeLayerNorm(x, epsilon)),
    );
    const actual = await runOn(
      'latentlab-native',
      gradient((x) => fusedLayerNorm(x, epsilon)!),
    );
    expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-4);
  });
});
