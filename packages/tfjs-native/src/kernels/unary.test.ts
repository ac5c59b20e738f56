import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { nativeAddon } from '../native-addon.js';
import { seededValues } from '../test-support/compare.js';
import { elementwiseRelativeDifference, outputOn } from '../test-support/outputs.js';
import { tf } from '../tfjs.js';
import { UNARY_OPERATION_CODES } from './unary.js';

const OPERATIONS: Readonly<Record<string, (x: tf.Tensor) => tf.Tensor>> = {
  [tf.Tanh]: tf.tanh,
  [tf.Exp]: tf.exp,
  [tf.Sqrt]: tf.sqrt,
  [tf.Rsqrt]: tf.rsqrt,
  [tf.Square]: tf.square,
  [tf.Sigmoid]: tf.sigmoid,
  [tf.Neg]: tf.neg,
};
// saturation, overflow, zeros of both signs, NaN, infinities and negative square roots
const SPECIAL_VALUES = [0, -0, 1e-30, -1e-30, 20, -20, 88, -88, 100, -100, Number.NaN, Infinity, -Infinity];

const registration = registerNativeBackend();

describe('native elementwise kernels', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('cover every operation the addon implements and are registered', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(UNARY_OPERATION_CODES).sort());
    expect(registration.nativeKernels).toEqual(expect.arrayContaining(Object.keys(OPERATIONS)));
  });

  for (const [kernelName, operation] of Object.entries(OPERATIONS)) {
    it(`${kernelName} matches cpu within 1e-6 relative, on one thread and on several`, async () => {
      const unary = vi.spyOn(nativeAddon()!, 'unary');
      // 100,003 values take the threaded path; inputs span [-10, 10) plus the special values
      for (const [index, count] of [13, 100_003].entries()) {
        const values = seededValues(count, 1 + index).map((value) => value * 10);
        values.set(SPECIAL_VALUES);
        const compute = () => operation(tf.tensor(values, [count]));
        const expected = await outputOn('cpu', compute);
        const actual = await outputOn('latentlab-native', compute);
        expect(elementwiseRelativeDifference(actual.values, expected.values), `${count} values`).toBeLessThan(
          1e-6,
        );
      }
      expect(unary).toHaveBeenCalledTimes(2);
    });
  }

  it('Exp, Tanh and Sigmoid (polynomial approximations in C++) match cpu on a dense sweep of [-105, 105]', async () => {
    const count = 420_001;
    const values = Float32Array.from({ length: count }, (_, index) => -105 + (210 * index) / (count - 1));
    for (const operation of [tf.exp, tf.tanh, tf.sigmoid]) {
      const compute = () => operation(tf.tensor(values));
      const expected = await outputOn('cpu', compute);
      const actual = await outputOn('latentlab-native', compute);
      // results below float32's normal range (e^x for x < −87.3) differ only in the last denormal bits
      expect(elementwiseRelativeDifference(actual.values, expected.values, 1e-37)).toBeLessThan(1e-6);
    }
  });

  it('keep shapes and leave int32 inputs to the cpu kernel', async () => {
    const unary = vi.spyOn(nativeAddon()!, 'unary');
    const integers = await outputOn('latentlab-native', () => tf.neg(tf.tensor([1, -2, 3], [3, 1], 'int32')));
    expect(integers.dtype).toBe('int32');
    expect(integers.shape).toEqual([3, 1]);
    expect([...integers.values]).toEqual([-1, 2, -3]);
    expect(unary).not.toHaveBeenCalled();
  });
});
