import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

registerNativeBackend();

const size = (shape: readonly number[]) => shape.reduce((product, extent) => product * extent, 1);

/** Copies must be exact: compare element by element. */
async function expectSameOnBothBackends(compute: () => tf.Tensor): Promise<void> {
  const expected = await runOn('cpu', compute);
  const actual = await runOn('latentlab-native', compute);
  expect(Array.from(actual)).toEqual(Array.from(expected));
}

describe('native strided copies', () => {
  it('transpose matches the cpu backend for every permutation of a rank-4 tensor and odd sizes', async () => {
    const shape = [3, 5, 2, 7];
    const values = seededValues(size(shape), 1);
    const permutations: number[][] = [];
    const permute = (prefix: number[], rest: number[]) => {
      if (rest.length === 0) permutations.push(prefix);
      for (const axis of rest)
        permute(
          [...prefix, axis],
          rest.filter((other) => other !== axis),
        );
    };
    permute([], [0, 1, 2, 3]);
    expect(permutations).toHaveLength(24);
    for (const perm of permutations)
      await expectSameOnBothBackends(() => tf.transpose(tf.tensor(values, shape), perm));
    await expectSameOnBothBackends(() => tf.transpose(tf.tensor(seededValues(37 * 41, 2), [37, 41])));
    // Batches of 2-D transposes large enough for the 16 × 16 tiles, with partial tiles at both edges:
    // NCHW -> NHWC and back, as a conv autoencoder does around every convolution.
    const nchw = [2, 19, 5, 7];
    await expectSameOnBothBackends(() =>
      tf.transpose(tf.tensor(seededValues(size(nchw), 3), nchw), [0, 2, 3, 1]),
    );
    await expectSameOnBothBackends(() =>
      tf.transpose(tf.tensor(seededValues(size(nchw), 4), nchw), [0, 3, 1, 2]),
    );
    await expectSameOnBothBackends(() =>
      tf.transpose(tf.tensor(seededValues(64 * 49 * 4 * 32, 3), [64, 49, 4, 32]), [0, 2, 1, 3]),
    );
  });

  it('slice matches the cpu backend for boxes in every axis, -1 sizes and contiguous runs', async () => {
    const shape = [4, 9, 3, 11];
    const values = seededValues(size(shape), 4);
    const boxes: Array<[number[], number[]]> = [
      [
        [0, 0, 0, 0],
        [4, 9, 3, 11],
      ],
      [
        [1, 2, 0, 3],
        [2, 5, 3, 7],
      ],
      [
        [0, 0, 1, 0],
        [-1, -1, 1, -1],
      ],
      [
        [3, 8, 2, 10],
        [1, 1, 1, 1],
      ],
      [
        [2, 0, 0, 0],
        [1, 9, 3, 11],
      ],
      [
        [0, 4, 0, 0],
        [4, 0, 3, 11],
      ],
    ];
    for (const [begin, boxSize] of boxes)
      await expectSameOnBothBackends(() => tf.slice(tf.tensor(values, shape), begin, boxSize));
    // The q/k/v split of a fused projection, as attention does it.
    await expectSameOnBothBackends(() =>
      tf.slice(tf.tensor(seededValues(8 * 49 * 384, 5), [8, 49, 384]), [0, 0, 128], [-1, -1, 128]),
    );
  });

  it('pad matches the cpu backend with zero and non-zero constants', async () => {
    const shape = [3, 5, 7];
    const values = seededValues(size(shape), 6);
    for (const [paddings, constant] of [
      [
        [
          [0, 0],
          [1, 2],
          [3, 0],
        ],
        0,
      ],
      [
        [
          [2, 1],
          [0, 0],
          [0, 4],
        ],
        -1.5,
      ],
      [
        [
          [0, 0],
          [0, 0],
          [0, 0],
        ],
        0,
      ],
    ] as Array<[Array<[number, number]>, number]>) {
      await expectSameOnBothBackends(() => tf.pad(tf.tensor(values, shape), paddings, constant));
    }
  });

  it('gradients of slice (a pad) and transpose agree with the cpu backend', async () => {
    const values = seededValues(4 * 6 * 12, 7);
    const gradient = () =>
      tf.grad((x: tf.Tensor) => {
        const [q, k] = tf.split(x, [4, 8], 2); // slices along the last axis
        return tf
          .transpose(q!, [0, 2, 1])
          .matMul(k!.slice([0, 0, 0], [-1, -1, 4]))
          .square()
          .sum();
      })(tf.tensor(values, [4, 6, 12]));
    // The matmul in between rounds differently natively; the copies themselves are exact (above).
    const expected = await runOn('cpu', gradient);
    const actual = await runOn('latentlab-native', gradient);
    expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-5);
  });
});
