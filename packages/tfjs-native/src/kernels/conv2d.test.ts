import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { type NativeAddon, nativeAddon } from '../native-addon.js';
import { relativeMaxDifference, runOn, seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';

const TOLERANCE = 1e-4;
const EXPLICIT_PADDING: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 2],
  [2, 1],
  [0, 0],
];
type Padding = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

interface ConvCase {
  xShape: [number, number, number, number]; // (batch, height, width, inChannels)
  filterShape: [number, number, number, number]; // (filterHeight, filterWidth, inChannels, outChannels)
  stride: number;
  pad: Padding;
  dilation?: number;
}

function size(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

function describeCase(testCase: ConvCase): string {
  return JSON.stringify(testCase);
}

/** The odd-sized cases: batch 3, 13x11 input, 5 -> 7 channels, every kernel size, stride and padding. */
function oddCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  for (const filterSize of [1, 3, 4]) {
    for (const stride of [1, 2]) {
      for (const pad of ['same', 'valid', EXPLICIT_PADDING] as const) {
        cases.push({ xShape: [3, 13, 11, 5], filterShape: [filterSize, filterSize, 5, 7], stride, pad });
      }
    }
  }
  return cases;
}

/** The DiT patch embedding: 4x4 patches of 28x28 images into 128 channels. */
const PATCH_EMBED: ConvCase = {
  xShape: [8, 28, 28, 1],
  filterShape: [4, 4, 1, 128],
  stride: 4,
  pad: 'valid',
};
/** The small CNN classifier's two convolutions. */
const CLASSIFIER: ConvCase[] = [
  { xShape: [4, 28, 28, 1], filterShape: [4, 4, 1, 16], stride: 2, pad: 'same' },
  { xShape: [4, 14, 14, 16], filterShape: [3, 3, 16, 32], stride: 2, pad: 'same' },
];

function convInputs(testCase: ConvCase, seed: number) {
  const outShape = tf.backend_util.computeConv2DInfo(
    testCase.xShape,
    testCase.filterShape,
    testCase.stride,
    testCase.dilation ?? 1,
    testCase.pad,
  ).outShape;
  return {
    x: seededValues(size(testCase.xShape), seed),
    filter: seededValues(size(testCase.filterShape), seed + 1),
    // Weights of the loss sum(y · lossWeights), so dy is not all ones.
    lossWeights: seededValues(size(outShape), seed + 2),
    outShape,
  };
}

function convolve(testCase: ConvCase, x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  return tf.conv2d(x, filter, testCase.stride, testCase.pad, 'NHWC', testCase.dilation ?? 1);
}

async function forwardDifference(testCase: ConvCase, seed: number): Promise<number> {
  const inputs = convInputs(testCase, seed);
  const compute = () =>
    convolve(
      testCase,
      tf.tensor4d(inputs.x, testCase.xShape),
      tf.tensor4d(inputs.filter, testCase.filterShape),
    );
  return relativeMaxDifference(await runOn('latentlab-native', compute), await runOn('cpu', compute));
}

/** Differences of d loss / d x and d loss / d filter (via tf.grads) between the backends. */
async function gradientDifferences(testCase: ConvCase, seed: number): Promise<[number, number]> {
  const inputs = convInputs(testCase, seed);
  const gradient = (which: 0 | 1) => () => {
    const loss = (x: tf.Tensor, filter: tf.Tensor) =>
      convolve(testCase, x as tf.Tensor4D, filter as tf.Tensor4D)
        .mul(tf.tensor(inputs.lossWeights, inputs.outShape))
        .sum();
    return tf.grads(loss)([
      tf.tensor4d(inputs.x, testCase.xShape),
      tf.tensor4d(inputs.filter, testCase.filterShape),
    ])[which]!;
  };
  const differences: number[] = [];
  for (const which of [0, 1] as const) {
    differences.push(
      relativeMaxDifference(
        await runOn('latentlab-native', gradient(which)),
        await runOn('cpu', gradient(which)),
      ),
    );
  }
  return [differences[0]!, differences[1]!];
}

const registration = registerNativeBackend();

describe('native Conv2D kernels', () => {
  let calls: Record<'conv2d' | 'conv2dBackpropFilter' | 'conv2dBackpropInput', ReturnType<typeof vi.spyOn>>;

  beforeAll(() => {
    expect(registration.native).toBe(true);
    const addon = nativeAddon() as NativeAddon;
    calls = {
      conv2d: vi.spyOn(addon, 'conv2d'),
      conv2dBackpropFilter: vi.spyOn(addon, 'conv2dBackpropFilter'),
      conv2dBackpropInput: vi.spyOn(addon, 'conv2dBackpropInput'),
    };
  });
  afterEach(() => {
    for (const spy of Object.values(calls)) spy.mockClear();
  });

  it('replaces the three convolution kernels', () => {
    expect(registration.nativeKernels).toEqual(
      expect.arrayContaining([tf.Conv2D, tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput]),
    );
  });

  it('matches cpu forward on odd sizes with kernel sizes 1, 3, 4, strides 1, 2 and every padding', async () => {
    for (const [index, testCase] of oddCases().entries()) {
      expect(await forwardDifference(testCase, 1 + 3 * index), describeCase(testCase)).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
    expect(calls.conv2d).toHaveBeenCalledTimes(oddCases().length);
  });

  it('matches cpu gradients (tf.grads) on odd sizes with kernel sizes 1, 3, 4, strides 1, 2 and every padding', async () => {
    for (const [index, testCase] of oddCases().entries()) {
      const [dx, dw] = await gradientDifferences(testCase, 100 + 3 * index);
      expect(dx, `dx ${describeCase(testCase)}`).toBeLessThanOrEqual(TOLERANCE);
      expect(dw, `dw ${describeCase(testCase)}`).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(calls.conv2dBackpropInput).toHaveBeenCalled();
    expect(calls.conv2dBackpropFilter).toHaveBeenCalled();
  });

  it('matches cpu on the patch-embedding and classifier shapes, forward and gradients', async () => {
    for (const [index, testCase] of [PATCH_EMBED, ...CLASSIFIER].entries()) {
      expect(await forwardDifference(testCase, 200 + index), describeCase(testCase)).toBeLessThanOrEqual(
        TOLERANCE,
      );
      const [dx, dw] = await gradientDifferences(testCase, 300 + index);
      expect(dx, `dx ${describeCase(testCase)}`).toBeLessThanOrEqual(TOLERANCE);
      expect(dw, `dw ${describeCase(testCase)}`).toBeLessThanOrEqual(TOLERANCE);
    }
    // tf.grads computes both gradients in each of the two native runs per case.
    expect(calls.conv2dBackpropFilter).toHaveBeenCalledTimes(6);
  });

  it('matches cpu on a dilated forward convolution and on conv2dTranspose', async () => {
    const dilated: ConvCase = {
      xShape: [2, 12, 9, 3],
      filterShape: [3, 3, 3, 4],
      stride: 1,
      pad: 'same',
      dilation: 2,
    };
    expect(await forwardDifference(dilated, 400)).toBeLessThanOrEqual(TOLERANCE);
    const dy = seededValues(2 * 7 * 6 * 4, 401);
    const filter = seededValues(3 * 3 * 5 * 4, 402);
    const transpose = () =>
      tf.conv2dTranspose(
        tf.tensor4d(dy, [2, 7, 6, 4]),
        tf.tensor4d(filter, [3, 3, 5, 4]),
        [2, 13, 11, 5],
        2,
        'same',
      );
    expect(
      relativeMaxDifference(await runOn('latentlab-native', transpose), await runOn('cpu', transpose)),
    ).toBeLessThanOrEqual(TOLERANCE);
    expect(calls.conv2d).toHaveBeenCalledTimes(1);
    expect(calls.conv2dBackpropInput).toHaveBeenCalledTimes(1);
  });

  it('agrees with central finite differences of a quadratic loss', async () => {
    const testCase: ConvCase = { xShape: [2, 7, 6, 3], filterShape: [3, 3, 3, 4], stride: 2, pad: 'same' };
    const inputs = convInputs(testCase, 500);
    await tf.setBackend('latentlab-native');
    // loss = ½ Σ y², quadratic in x and in the filter, so central differences are exact up to rounding.
    const loss = (x: Float32Array, filter: Float32Array): number =>
      tf.tidy(
        () =>
          convolve(testCase, tf.tensor4d(x, testCase.xShape), tf.tensor4d(filter, testCase.filterShape))
            .square()
            .sum()
            .mul(0.5)
            .dataSync()[0]!,
      );
    const [dx, dw] = tf.tidy(() =>
      tf
        .grads((x: tf.Tensor, filter: tf.Tensor) =>
          convolve(testCase, x as tf.Tensor4D, filter as tf.Tensor4D)
            .square()
            .sum()
            .mul(0.5),
        )([tf.tensor4d(inputs.x, testCase.xShape), tf.tensor4d(inputs.filter, testCase.filterShape)])
        .map((gradient) => gradient.dataSync() as Float32Array),
    ) as unknown as [Float32Array, Float32Array];
    const step = 0.05;
    const centralDifference = (
      values: Float32Array,
      index: number,
      evaluate: (changed: Float32Array) => number,
    ) => {
      const plus = values.slice();
      const minus = values.slice();
      plus[index]! += step;
      minus[index]! -= step;
      return (evaluate(plus) - evaluate(minus)) / (2 * step);
    };
    for (const index of [0, 17, 41, 80, 125, inputs.x.length - 1]) {
      const numeric = centralDifference(inputs.x, index, (changed) => loss(changed, inputs.filter));
      expect(Math.abs(numeric - dx![index]!), `dx[${index}]`).toBeLessThanOrEqual(
        2e-3 * Math.max(1, Math.abs(numeric)),
      );
    }
    for (const index of [0, 9, 50, 77, inputs.filter.length - 1]) {
      const numeric = centralDifference(inputs.filter, index, (changed) => loss(inputs.x, changed));
      expect(Math.abs(numeric - dw![index]!), `dw[${index}]`).toBeLessThanOrEqual(
        2e-3 * Math.max(1, Math.abs(numeric)),
      );
    }
    expect(calls.conv2dBackpropFilter).toHaveBeenCalledTimes(1);
    expect(calls.conv2dBackpropInput).toHaveBeenCalledTimes(1);
  });

  it('leaves NCHW convolutions to the cpu kernel', async () => {
    const x = seededValues(2 * 3 * 9 * 8, 600);
    const filter = seededValues(3 * 3 * 3 * 4, 601);
    const channelsFirst = () =>
      tf.conv2d(tf.tensor4d(x, [2, 3, 9, 8]), tf.tensor4d(filter, [3, 3, 3, 4]), 1, 'same', 'NCHW');
    expect(
      relativeMaxDifference(
        await runOn('latentlab-native', channelsFirst),
        await runOn('cpu', channelsFirst),
      ),
    ).toBe(0);
    expect(calls.conv2d).not.toHaveBeenCalled();
  });
});
