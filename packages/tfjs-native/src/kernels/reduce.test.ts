import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { nativeAddon } from '../native-addon.js';
import { relativeMaxDifference, seededValues } from '../test-support/compare.js';
import { outputOn } from '../test-support/outputs.js';
import { tf } from '../tfjs.js';
import { middleAxisView } from './reduce-view.js';

const TOLERANCE = 1e-4;
const REDUCTIONS = {
  Sum: (x: tf.Tensor, axes: number[] | undefined, keepDims: boolean) => tf.sum(x, axes, keepDims),
  Mean: (x: tf.Tensor, axes: number[] | undefined, keepDims: boolean) => tf.mean(x, axes, keepDims),
  Max: (x: tf.Tensor, axes: number[] | undefined, keepDims: boolean) => tf.max(x, axes, keepDims),
} as const;
// rank 1–4, odd sizes, size-1 dimensions; (64, 49, 33) is large enough to run on several threads
const SHAPES = [[7], [1], [3, 5], [1, 9], [4, 1, 6], [2, 3, 5], [5, 1, 7, 3], [3, 4, 5, 6], [64, 49, 33]];

/** Every non-empty subset of the axes of a rank-`rank` tensor. */
function axisSubsets(rank: number): number[][] {
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << rank; mask++) {
    subsets.push([...Array(rank).keys()].filter((axis) => mask & (1 << axis)));
  }
  return subsets;
}

async function compareWithCpu(
  name: keyof typeof REDUCTIONS,
  shape: number[],
  axes: number[] | undefined,
  keepDims: boolean,
  seed: number,
): Promise<void> {
  const values = seededValues(
    shape.reduce((product, size) => product * size, 1),
    seed,
  );
  const compute = () => REDUCTIONS[name](tf.tensor(values, shape), axes, keepDims);
  const expected = await outputOn('cpu', compute);
  const actual = await outputOn('latentlab-native', compute);
  const label = `${name} of ${JSON.stringify(shape)} over ${JSON.stringify(axes)} keepDims=${keepDims}`;
  expect(actual.shape, label).toEqual(expected.shape);
  expect(actual.dtype, label).toBe(expected.dtype);
  expect(
    relativeMaxDifference(actual.values as Float32Array, expected.values as Float32Array),
    label,
  ).toBeLessThanOrEqual(TOLERANCE);
}

const registration = registerNativeBackend();

describe('native Sum, Mean and Max', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('are registered', () => {
    expect(registration.nativeKernels).toEqual(expect.arrayContaining(['Sum', 'Mean', 'Max']));
  });

  for (const name of Object.keys(REDUCTIONS) as (keyof typeof REDUCTIONS)[]) {
    it(`${name} matches cpu for every axis subset of rank 1–4 shapes, keepDims both ways`, async () => {
      let seed = 1;
      for (const shape of SHAPES) {
        for (const axes of [undefined, ...axisSubsets(shape.length)]) {
          for (const keepDims of [false, true]) {
            await compareWithCpu(name, shape, axes, keepDims, seed++);
          }
        }
      }
    });

    it(`${name} matches cpu over negative and repeated axes`, async () => {
      await compareWithCpu(name, [4, 6, 5], [-1], false, 3);
      await compareWithCpu(name, [4, 6, 5], [-2, -1], true, 4);
      // tfjs's own kernels mishandle repeated axes, so the reference gets them once
      const values = seededValues(120, 5);
      const expected = await outputOn('cpu', () =>
        REDUCTIONS[name](tf.tensor(values, [4, 6, 5]), [1, 2], true),
      );
      const actual = await outputOn('latentlab-native', () =>
        REDUCTIONS[name](tf.tensor(values, [4, 6, 5]), [2, 1, -1], true),
      );
      expect(actual.shape).toEqual(expected.shape);
      expect(
        relativeMaxDifference(actual.values as Float32Array, expected.values as Float32Array),
      ).toBeLessThan(TOLERANCE);
    });
  }

  it('run natively in one pass for contiguous axes and in one pass per run of scattered axes', async () => {
    const reduceMiddleAxis = vi.spyOn(nativeAddon()!, 'reduceMiddleAxis');
    await compareWithCpu('Sum', [64, 49, 33], [0, 1], false, 6);
    expect(reduceMiddleAxis).toHaveBeenCalledTimes(1);
    expect(middleAxisView([3, 4, 5, 6], [0, 2], false)).toBeNull();
    await compareWithCpu('Sum', [3, 4, 5, 6], [0, 2], false, 7);
    await compareWithCpu('Max', [3, 4, 5, 6], [1, 3], true, 8);
    expect(reduceMiddleAxis).toHaveBeenCalledTimes(5);
    // A conv bias gradient, (N, C, H, W) over [0, 2, 3]: was the cpu kernel's, 20× slower.
    await compareWithCpu('Sum', [64, 16, 28, 28], [0, 2, 3], false, 13);
    await compareWithCpu('Mean', [64, 16, 28, 28], [0, 2, 3], true, 14);
    expect(reduceMiddleAxis).toHaveBeenCalledTimes(9);
  });

  it('stay accurate over long reductions (float64 accumulation)', async () => {
    for (const name of Object.keys(REDUCTIONS) as (keyof typeof REDUCTIONS)[]) {
      await compareWithCpu(name, [100_000], undefined, false, 9);
      await compareWithCpu(name, [3, 100_003], [1], true, 10);
    }
    // A bias gradient: 64·49 rows of values near 1 summed per column, against a float64 reference.
    const [rows, cols] = [64 * 49, 128];
    const values = seededValues(rows * cols, 11).map((value) => 1 + value / 8);
    const exact = new Float64Array(cols);
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) exact[col]! += values[row * cols + col]!;
    }
    const actual = await outputOn('latentlab-native', () =>
      tf.sum(tf.tensor(values, [64, 49, cols]), [0, 1]),
    );
    for (let col = 0; col < cols; col++) {
      expect(Math.abs(actual.values[col]! - exact[col]!) / exact[col]!).toBeLessThan(2e-7);
    }
  });

  it('propagate NaN in Max like the cpu kernel', async () => {
    const values = seededValues(24, 12);
    values[5] = Number.NaN;
    values[13] = Number.NaN;
    for (const axes of [[1], [0, 1], [2]]) {
      const compute = () => tf.max(tf.tensor(values, [2, 3, 4]), axes);
      const expected = await outputOn('cpu', compute);
      const actual = await outputOn('latentlab-native', compute);
      expect([...actual.values]).toEqual([...expected.values]);
    }
  });

  it('leave int32 inputs and empty tensors to the cpu kernel', async () => {
    const reduceMiddleAxis = vi.spyOn(nativeAddon()!, 'reduceMiddleAxis');
    const integers = await outputOn('latentlab-native', () =>
      tf.sum(tf.tensor([1, 2, 3, 4], [2, 2], 'int32'), 1),
    );
    expect(integers.dtype).toBe('int32');
    expect([...integers.values]).toEqual([3, 7]);
    const empty = await outputOn('latentlab-native', () => tf.sum(tf.zeros([3, 0]), 1));
    expect([...empty.values]).toEqual([0, 0, 0]);
    expect(reduceMiddleAxis).not.toHaveBeenCalled();
  });
});
