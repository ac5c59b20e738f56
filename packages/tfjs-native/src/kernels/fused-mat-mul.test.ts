import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

const TOLERANCE = 1e-4;

registerNativeBackend();

async function fusedDifferenceFromCpu(
  activation: tf.fused.Activation,
  biasShape: number[] | null,
  transposeA = false,
  transposeB = false,
): Promise<number> {
  const [m, n, k] = [33, 19, 65];
  const aValues = seededValues(m * k, 1);
  const bValues = seededValues(k * n, 2);
  const biasValues = seededValues(n, 3);
  const compute = () =>
    tf.fused.matMul({
      a: tf.tensor(aValues, transposeA ? [k, m] : [m, k]),
      b: tf.tensor(bValues, transposeB ? [n, k] : [k, n]),
      transposeA,
      transposeB,
      ...(biasShape ? { bias: tf.tensor(biasValues, biasShape) } : {}),
      activation,
      ...(activation === 'prelu' ? { preluActivationWeights: tf.fill([n], 0.3) } : {}),
      ...(activation === 'leakyrelu' ? { leakyreluAlpha: 0.1 } : {}),
    });
  const expected = await runOn('cpu', compute);
  const actual = await runOn('latentlab-native', compute);
  return relativeMaxDifference(actual, expected);
}

describe('native _FusedMatMul', () => {
  for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu'] as const) {
    it(`matches cpu with a bias and ${activation}`, async () => {
      expect(await fusedDifferenceFromCpu(activation, [19])).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('matches cpu without a bias, with a (1, N) bias and with transposes', async () => {
    expect(await fusedDifferenceFromCpu('relu', null)).toBeLessThanOrEqual(TOLERANCE);
    expect(await fusedDifferenceFromCpu('relu', [1, 19], true, true)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('hands prelu to the cpu kernel', async () => {
    expect(await fusedDifferenceFromCpu('prelu', [19])).toBeLessThanOrEqual(TOLERANCE);
  });
});
