import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { nativeAddon } from '../native-addon.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

const TOLERANCE = 1e-4;
const ODD_SIZES = [1, 3, 17, 63, 129];
const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

interface MatMulCase {
  aShape: number[];
  bShape: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** Shapes for op(A) (M x K) · op(B) (K x N) with the given batch dimensions and transposes. */
function matMulCase(
  m: number,
  n: number,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
  aBatch: number[] = [],
  bBatch: number[] = [],
): MatMulCase {
  return {
    aShape: [...aBatch, ...(transposeA ? [k, m] : [m, k])],
    bShape: [...bBatch, ...(transposeB ? [n, k] : [k, n])],
    transposeA,
    transposeB,
  };
}

async function differenceFromCpu(testCase: MatMulCase, seed: number): Promise<number> {
  const aValues = seededValues(
    testCase.aShape.reduce((p, d) => p * d, 1),
    seed,
  );
  const bValues = seededValues(
    testCase.bShape.reduce((p, d) => p * d, 1),
    seed + 1,
  );
  const compute = () =>
    tf.matMul(
      tf.tensor(aValues, testCase.aShape),
      tf.tensor(bValues, testCase.bShape),
      testCase.transposeA,
      testCase.transposeB,
    );
  // The reference broadcasts both operands to the full batch shape first: the cpu kernel itself only
  // broadcasts when one side's batch is a single matrix.
  const outer = tf.backend_util.assertAndGetBroadcastShape(
    testCase.aShape.slice(0, -2),
    testCase.bShape.slice(0, -2),
  );
  const reference = () =>
    tf.matMul(
      tf.broadcastTo(tf.tensor(aValues, testCase.aShape), [...outer, ...testCase.aShape.slice(-2)]),
      tf.broadcastTo(tf.tensor(bValues, testCase.bShape), [...outer, ...testCase.bShape.slice(-2)]),
      testCase.transposeA,
      testCase.transposeB,
    );
  const expected = await runOn('cpu', reference);
  const actual = await runOn('latentlab-native', compute);
  return relativeMaxDifference(actual, expected);
}

const registration = registerNativeBackend();
const microKernels = nativeAddon()?.info().supportedMicroKernels.split(',') ?? [];

describe('native BatchMatMul', () => {
  it('loads the addon and replaces the matmul kernels', () => {
    expect(registration.native).toBe(true);
    expect(registration.nativeKernels).toEqual(expect.arrayContaining(['BatchMatMul', '_FusedMatMul']));
  });

  for (const microKernel of microKernels) {
    describe(`with the ${microKernel} micro-kernel`, () => {
      beforeAll(() => {
        expect(nativeAddon()!.forceMicroKernel(microKernel)).toBe(true);
      });
      afterAll(() => {
        nativeAddon()!.forceMicroKernel('auto');
      });

      for (const [transposeA, transposeB] of TRANSPOSES) {
        it(`matches cpu on odd sizes (transposeA=${transposeA}, transposeB=${transposeB})`, async () => {
          let seed = 1;
          for (const m of ODD_SIZES) {
            for (const n of [1, 17, 129]) {
              for (const k of [1, 63, 129]) {
                const difference = await differenceFromCpu(
                  matMulCase(m, n, k, transposeA, transposeB),
                  seed++,
                );
                expect(difference, `m=${m} n=${n} k=${k}`).toBeLessThanOrEqual(TOLERANCE);
              }
            }
          }
        });
      }

      it('matches cpu on sizes that span several cache blocks (K > 256, M > 192)', async () => {
        for (const [transposeA, transposeB] of TRANSPOSES) {
          const difference = await differenceFromCpu(matMulCase(200, 70, 300, transposeA, transposeB), 7);
          expect(difference).toBeLessThanOrEqual(TOLERANCE);
        }
      });

      it('matches cpu when threads split the columns (small M) and when N spans several column blocks', async () => {
        for (const [transposeA, transposeB] of TRANSPOSES) {
          expect(
            await differenceFromCpu(matMulCase(3, 700, 100, transposeA, transposeB), 8),
          ).toBeLessThanOrEqual(TOLERANCE);
          expect(
            await differenceFromCpu(matMulCase(2, 4100, 3, transposeA, transposeB), 9),
          ).toBeLessThanOrEqual(TOLERANCE);
        }
      });
    });
  }

  it('broadcasts batch dimensions like the cpu backend', async () => {
    const cases = [
      matMulCase(5, 7, 3, false, false, [4], [4]),
      matMulCase(5, 7, 3, true, false, [2, 3], [3]),
      matMulCase(17, 9, 33, false, true, [2, 1], [1, 3]),
      matMulCase(4, 6, 8, true, true, [1], [5]),
      matMulCase(64, 64, 64, false, false, [6], []),
    ];
    for (const [index, testCase] of cases.entries()) {
      expect(await differenceFromCpu(testCase, 100 + index), JSON.stringify(testCase)).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
  });

  it('gives zeros when the inner dimension is empty and the cpu error on mismatched shapes', async () => {
    const zeros = await runOn('latentlab-native', () => tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 2])));
    expect([...zeros]).toEqual([0, 0, 0, 0, 0, 0]);
    await tf.setBackend('latentlab-native');
    expect(() => tf.matMul(tf.zeros([3, 4]), tf.zeros([5, 2]))).toThrow(/inner shapes/);
  });
});
