import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

registerNativeBackend();

/** Pairs of shapes that broadcast: equal, scalar, (B, 1, D) against (B, T, D), missing leading axes, both ways. */
const SHAPE_PAIRS: ReadonlyArray<readonly [number[], number[]]> = [
  [[7], [7]],
  [[], [5, 3]],
  [[5, 3], []],
  [[1], [4, 9]],
  [
    [3, 1, 17],
    [3, 13, 17],
  ],
  [
    [3, 13, 17],
    [3, 1, 17],
  ],
  [[17], [3, 13, 17]],
  [
    [2, 1, 5, 1],
    [1, 3, 1, 7],
  ],
  [
    [4, 1, 1],
    [1, 6, 1],
  ],
  [
    [3, 13, 1],
    [3, 13, 17],
  ],
  [
    [64, 49, 128],
    [64, 1, 128],
  ],
  [
    [1, 1, 1],
    [1, 1, 1],
  ],
  [
    [2, 0, 3],
    [2, 1, 3],
  ],
];

const OPERATIONS: ReadonlyArray<readonly [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
  ['add', tf.add],
  ['sub', tf.sub],
  ['mul', tf.mul],
  ['div', (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))],
  ['squaredDifference', tf.squaredDifference],
  ['maximum', tf.maximum],
  ['minimum', tf.minimum],
];

const size = (shape: readonly number[]) => shape.reduce((product, extent) => product * extent, 1);

describe('native binary elementwise kernels', () => {
  it.each(OPERATIONS)('%s matches the cpu backend on broadcasting shapes', async (_name, operation) => {
    for (const [index, [aShape, bShape]] of SHAPE_PAIRS.entries()) {
      const a = seededValues(size(aShape), 100 + index);
      const b = seededValues(size(bShape), 200 + index);
      const compute = () => operation(tf.tensor(a, aShape), tf.tensor(b, bShape));
      const expected = await runOn('cpu', compute);
      const actual = await runOn('latentlab-native', compute);
      expect(actual.length).toBe(expected.length);
      expect(relativeMaxDifference(actual, expected), `${aShape} ⊙ ${bShape}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('pow matches the cpu backend for scalar exponents 2, 3, 0.5 and a broadcast exponent tensor', async () => {
    const base = Float32Array.from(seededValues(3 * 13 * 17, 7), (value) => 2 * value);
    for (const exponent of [
      tf.scalar(2),
      tf.scalar(3),
      tf.scalar(0.5),
      tf.tensor(seededValues(17, 8), [17]),
    ]) {
      const exponentValues = exponent.dataSync().slice();
      const compute = () =>
        tf.pow(tf.tensor(base, [3, 13, 17]).abs(), tf.tensor(exponentValues, exponent.shape));
      const expected = await runOn('cpu', compute);
      const actual = await runOn('latentlab-native', compute);
      expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('keeps NaN in maximum and minimum, like tfjs', async () => {
    const compute = () => tf.maximum(tf.tensor([Number.NaN, 1, 2]), tf.tensor([0, Number.NaN, 3]));
    const actual = await runOn('latentlab-native', compute);
    expect(Number.isNaN(actual[0])).toBe(true);
    expect(Number.isNaN(actual[1])).toBe(true);
    expect(actual[2]).toBe(3);
  });

  it('reports shapes that do not broadcast with tfjs own error', async () => {
    await tf.setBackend('latentlab-native');
    expect(() => tf.add(tf.ones([3, 4]), tf.ones([5]))).toThrow(/broadcast/i);
  });

  it('gradients of an adaLN-style modulation agree with the cpu backend', async () => {
    const xValues = seededValues(3 * 11 * 9, 1);
    const shiftValues = seededValues(3 * 9, 2);
    const scaleValues = seededValues(3 * 9, 3);
    const gradient = (which: 0 | 1 | 2) => () => {
      const modulate = (x: tf.Tensor, shift: tf.Tensor, scale: tf.Tensor) =>
        tf
          .add(tf.mul(x, tf.add(1, scale)), shift)
          .pow(3)
          .div(tf.add(2, x.square()))
          .sum();
      return tf.grads(modulate)([
        tf.tensor(xValues, [3, 11, 9]),
        tf.tensor(shiftValues, [3, 1, 9]),
        tf.tensor(scaleValues, [3, 1, 9]),
      ])[which]!;
    };
    for (const which of [0, 1, 2] as const) {
      const expected = await runOn('cpu', gradient(which));
      const actual = await runOn('latentlab-native', gradient(which));
      expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-5);
    }
  });
});
