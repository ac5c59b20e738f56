import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { fusedGeluTanh } from '../fused-ops.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

registerNativeBackend();

/** The composite tanh-GELU, as @latentlab/tfjs writes it for backends without the fused kernel. */
const compositeGelu = (x: tf.Tensor) => {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
};

describe('fused GELU-tanh', () => {
  const shape = [3, 7, 37];
  const values = Float32Array.from(seededValues(3 * 7 * 37, 5), (value) => 6 * value); // (−6, 6)

  it('is not offered on the cpu backend', async () => {
    await tf.setBackend('cpu');
    expect(fusedGeluTanh(tf.tensor(values, shape))).toBeNull();
  });

  it('matches the composite form on the cpu backend', async () => {
    const expected = await runOn('cpu', () => compositeGelu(tf.tensor(values, shape)));
    const actual = await runOn('latentlab-native', () => fusedGeluTanh(tf.tensor(values, shape))!);
    expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-6);
  });

  it('has the gradient of the composite form', async () => {
    const weights = seededValues(3 * 7 * 37, 6);
    const loss = (gelu: (x: tf.Tensor) => tf.Tensor) => () =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(gelu(x), tf.tensor(weights, shape))))(tf.tensor(values, shape));
    const expected = await runOn('cpu', loss(compositeGelu));
    const actual = await runOn(
      'latentlab-native',
      loss((x) => fusedGeluTanh(x)!),
    );
    expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-5);
  });

  it('has a gradient that matches central finite differences', async () => {
    await tf.setBackend('latentlab-native');
    const points = [-3, -1.2, -0.3, 0, 0.4, 1.1, 2.5];
    const gradient = tf
      .grad((x: tf.Tensor) => tf.sum(fusedGeluTanh(x)!))(tf.tensor(points))
      .dataSync();
    const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    const step = 1e-4;
    for (const [index, point] of points.entries()) {
      const numeric = (gelu(point + step) - gelu(point - step)) / (2 * step);
      expect(gradient[index]).toBeCloseTo(numeric, 5);
    }
  });
});
