import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { nativeAddon } from '../native-addon.js';
import { relativeMaxDifference, seededValues } from '../test-support/compare.js';
import { elementwiseRelativeDifference, outputOn, outputsOnCpuAndNative } from '../test-support/outputs.js';
import { tf } from '../tfjs.js';

const registration = registerNativeBackend();

/** Native and cpu softmax of seeded logits times `scale`. */
async function softmaxOnBoth(shape: number[], scale: number, seed: number) {
  const count = shape.reduce((product, size) => product * size, 1);
  const logits = seededValues(count, seed).map((value) => value * scale);
  const compute = () => tf.softmax(tf.tensor(logits, shape));
  return outputsOnCpuAndNative(compute);
}

describe('native Softmax', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is registered and runs natively', async () => {
    expect(registration.nativeKernels).toContain('Softmax');
    const softmaxRows = vi.spyOn(nativeAddon()!, 'softmaxRows');
    await softmaxOnBoth([3, 5], 1, 1);
    expect(softmaxRows).toHaveBeenCalledTimes(1);
  });

  it('matches cpu on rank 1–4 shapes with odd and size-1 dimensions (attention is (64, 4, 49, 49))', async () => {
    const shapes = [[1], [7], [3, 1], [1, 9], [5, 33], [2, 3, 17], [4, 1, 5, 1], [64, 4, 49, 49]];
    for (const [index, shape] of shapes.entries()) {
      const { expected, actual } = await softmaxOnBoth(shape, 4, 10 + index);
      expect(actual.shape).toEqual(expected.shape);
      expect(
        elementwiseRelativeDifference(actual.values, expected.values),
        JSON.stringify(shape),
      ).toBeLessThan(1e-5);
    }
  });

  it('subtracts the row max, so logits in the thousands give finite probabilities', async () => {
    const { expected, actual } = await softmaxOnBoth([6, 40], 5000, 20);
    expect(actual.values.every(Number.isFinite)).toBe(true);
    expect(
      relativeMaxDifference(actual.values as Float32Array, expected.values as Float32Array),
    ).toBeLessThan(1e-5);
  });

  it('leaves empty logits to the cpu kernel', async () => {
    const softmaxRows = vi.spyOn(nativeAddon()!, 'softmaxRows');
    const empty = await outputOn('latentlab-native', () => tf.softmax(tf.zeros([0, 4])));
    expect(empty.shape).toEqual([0, 4]);
    expect(softmaxRows).not.toHaveBeenCalled();
  });
});
