import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from './backend.js';
import { relativeMaxDifference, runOn, seededValues } from './test-support/compare.js';
import { tf } from './tfjs.js';

registerNativeBackend();

describe('gradients on the native backend', () => {
  it('match the cpu backend through tf.matMul with every transpose and a batch', async () => {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const aShape = transposeA ? [3, 29, 17] : [3, 17, 29];
      const bShape = transposeB ? [3, 13, 29] : [3, 29, 13];
      const aValues = seededValues(3 * 17 * 29, 11);
      const bValues = seededValues(3 * 29 * 13, 12);
      const gradient = (which: 0 | 1) => () => {
        const loss = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, transposeA, transposeB).square().sum();
        return tf.grads(loss)([tf.tensor(aValues, aShape), tf.tensor(bValues, bShape)])[which]!;
      };
      for (const which of [0, 1] as const) {
        const expected = await runOn('cpu', gradient(which));
        const actual = await runOn('latentlab-native', gradient(which));
        expect(relativeMaxDifference(actual, expected)).toBeLessThanOrEqual(1e-4);
      }
    }
  });
});
