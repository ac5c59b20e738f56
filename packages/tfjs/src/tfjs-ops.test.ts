import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { tf } from './tf.js';
import { tfjsOps as ops } from './tfjs-ops.js';

/** The gradient of `loss(x)` with respect to x, as plain numbers. */
function gradientOf(loss: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number[] {
  return tf.tidy(() => [
    ...tf
      .grad((value: tf.Tensor) => loss(value) as tf.Scalar)(x)
      .dataSync(),
  ]);
}

afterAll(async () => {
  await useBackend('cpu');
});

describe.each(['cpu', 'native'] as const)('new ops on the %s backend', (backend) => {
  it('argmax / argmin: int32, the axis removed, ties → the first index, negative axes', async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const x = tf.tensor2d([
        [1, 3, 3, 0],
        [2, 2, -1, -1],
        [5, 5, 5, 5],
      ]);
      const argmax = ops.argmax(x, -1);
      expect(argmax.dtype).toBe('int32');
      expect(argmax.shape).toEqual([3]);
      expect([...argmax.dataSync()]).toEqual([1, 0, 0]);
      expect([...ops.argmin(x, 1).dataSync()]).toEqual([3, 2, 0]);
      expect([...ops.argmax(x, -2).dataSync()]).toEqual([2, 2, 2, 2]);
      expect([...ops.argmin(x, 0).dataSync()]).toEqual([0, 1, 1, 1]);
      expect([...ops.argmax(tf.tensor1d([4, -2, 4], 'int32'), 0).dataSync()]).toEqual([0]);
    });
  });

  it('where: nonzero is true (−0 false, NaN true), broadcasting, int32 and float32 conditions', async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const a = tf.tensor1d([1, 2, 3, 4]);
      const b = tf.tensor1d([-1, -2, -3, -4]);
      const floatCondition = tf.tensor1d([0, -0, Number.NaN, 0.5]);
      expect([...ops.where(floatCondition, a, b).dataSync()]).toEqual([-1, -2, 3, 4]);
      const column = tf.tensor2d([[1], [0]], [2, 1], 'int32'); // (2, 1)
      const picked = ops.where(column, a, tf.scalar(9)); // (2, 4)
      expect(picked.shape).toEqual([2, 4]);
      expect([...picked.dataSync()]).toEqual([1, 2, 3, 4, 9, 9, 9, 9]);
      const ints = ops.where(
        tf.tensor1d([3, 0], 'int32'),
        tf.tensor1d([1, 2], 'int32'),
        tf.scalar(0, 'int32'),
      );
      expect(ints.dtype).toBe('int32');
      expect([...ints.dataSync()]).toEqual([1, 0]);
    });
  });

  it('where: the gradient reaches the picked branch only, summed over its broadcast axes', async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const condition = tf.tensor2d([[1], [0], [1]], [3, 1], 'int32'); // (3, 1)
      const a = tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]); // (3, 2)
      const b = tf.tensor1d([10, 20]); // (2), broadcast over the 3 rows
      const weights = tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      const loss = (left: tf.Tensor, right: tf.Tensor) =>
        tf.sum(tf.mul(ops.where(condition, left, right), weights));
      const [gradientA, gradientB] = tf.grads(loss as (...values: tf.Tensor[]) => tf.Scalar)([a, b]);
      expect([...(gradientA as tf.Tensor).dataSync()]).toEqual([1, 2, 0, 0, 5, 6]);
      expect([...(gradientB as tf.Tensor).dataSync()]).toEqual([3, 4]);
    });
  });

  it('stopGradient: the identity forward, d/dx Σ stopGradient(x)·x = x (not 2x)', async () => {
    await useBackend(backend);
    const x = tf.tensor1d([0.5, -2, 3]);
    expect([...ops.stopGradient(x).dataSync()]).toEqual([0.5, -2, 3]);
    expect(gradientOf((value) => tf.sum(tf.mul(ops.stopGradient(value), value)), x)).toEqual([0.5, -2, 3]);
    // Without it the gradient is 2x, so the check above can fail.
    expect(gradientOf((value) => tf.sum(tf.mul(value, value)), x)).toEqual([1, -4, 6]);
    x.dispose();
  });

  it('stopGradient: the straight-through estimator z + stopGradient(q − z) has gradient 1 in z', async () => {
    await useBackend(backend);
    const z = tf.tensor1d([0.25, -1.25, 2.75, 0]);
    const quantized = tf.round(z); // the codebook vector, a constant here
    const straightThrough = (value: tf.Tensor) => ops.add(value, ops.stopGradient(ops.sub(quantized, value)));
    // The forward value is q (exactly, for these dyadic values).
    expect([...tf.tidy(() => straightThrough(z).dataSync())]).toEqual([0, -1, 3, 0]);
    expect(gradientOf((value) => tf.sum(straightThrough(value)), z)).toEqual([1, 1, 1, 1]);
    z.dispose();
    quantized.dispose();
  });
});

describe('argument errors name the op', () => {
  it('argmax / argmin: axis out of range', () => {
    const x = tf.zeros([2, 3]);
    expect(() => ops.argmax(x, 2)).toThrow('argmax: axis 2 is out of range for a tensor of rank 2');
    expect(() => ops.argmin(x, -3)).toThrow('argmin: axis -3 is out of range for a tensor of rank 2');
    x.dispose();
  });

  it('where: condition dtype and shapes that do not broadcast', () => {
    tf.tidy(() => {
      expect(() => ops.where(tf.tensor1d([true, false], 'bool'), tf.zeros([2]), tf.zeros([2]))).toThrow(
        'where: condition must be int32 or float32 (nonzero = true), got bool [2]',
      );
      expect(() => ops.where(tf.zeros([3]), tf.zeros([2]), tf.zeros([2]))).toThrow(
        'where: shapes [3] and [2] do not broadcast',
      );
    });
  });
});
