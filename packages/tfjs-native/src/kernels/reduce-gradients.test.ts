import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

registerNativeBackend();

/** Gradient of a scalar loss of one tensor, on the native backend and on cpu. */
async function gradientOnBoth(loss: (x: tf.Tensor) => tf.Scalar, shape: number[], seed: number) {
  const values = seededValues(
    shape.reduce((product, size) => product * size, 1),
    seed,
  );
  const gradient = () => tf.grad(loss)(tf.tensor(values, shape));
  return { expected: await runOn('cpu', gradient), actual: await runOn('latentlab-native', gradient) };
}

describe('gradients through the native reductions, softmax and elementwise kernels', () => {
  it('match cpu for softmax (attention-shaped), tanh (gelu-tanh), mean and max losses', async () => {
    const weights = (shape: number[], seed: number) =>
      tf.tensor(
        seededValues(
          shape.reduce((product, size) => product * size, 1),
          seed,
        ),
        shape,
      );
    const losses: [string, (x: tf.Tensor) => tf.Scalar, number[]][] = [
      [
        'softmax',
        (x) =>
          tf
            .softmax(x)
            .mul(weights([2, 4, 7, 7], 2))
            .sum(),
        [2, 4, 7, 7],
      ],
      [
        'gelu-tanh',
        (x) =>
          x
            .mul(0.5)
            .mul(tf.tanh(x.add(x.square().mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1))
            .mul(weights([5, 13], 3))
            .sum(),
        [5, 13],
      ],
      [
        'mean over [0, 1]',
        (x) =>
          tf
            .mean(x, [0, 1])
            .mul(weights([9], 4))
            .sum(),
        [6, 7, 9],
      ],
      [
        'rms norm',
        (x) =>
          x
            .mul(tf.rsqrt(tf.mean(x.square(), -1, true).add(1e-5)))
            .exp()
            .sum(),
        [8, 17],
      ],
      ['sigmoid, sqrt and max', (x) => tf.max(tf.sigmoid(x).sqrt().neg(), 1).sum(), [5, 11]],
    ];
    for (const [index, [label, loss, shape]] of losses.entries()) {
      const { expected, actual } = await gradientOnBoth(loss, shape, 10 + index);
      expect(relativeMaxDifference(actual, expected), label).toBeLessThanOrEqual(1e-4);
    }
  });
});
