import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { nativeAddon } from '../native-addon.js';
import { seededValues } from '../test-support/compare.js';
import { outputOn, outputsOnCpuAndNative } from '../test-support/outputs.js';
import { tf } from '../tfjs.js';

const registration = registerNativeBackend();

/** Segment ids in [low, high) from a seed. */
function seededIds(count: number, low: number, high: number, seed: number): Int32Array {
  return Int32Array.from(
    seededValues(count, seed),
    (value) => low + Math.floor((value + 1) * 0.5 * (high - low)),
  );
}

describe('native UnsortedSegmentSum', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is registered and runs natively', async () => {
    expect(registration.nativeKernels).toContain('UnsortedSegmentSum');
    const native = vi.spyOn(nativeAddon()!, 'unsortedSegmentSum');
    await outputsOnCpuAndNative(() =>
      tf.unsortedSegmentSum(tf.ones([4, 3]), tf.tensor1d([0, 2, 0, 1], 'int32'), 3),
    );
    expect(native).toHaveBeenCalledTimes(1);
  });

  it('equals the cpu kernel exactly on odd shapes and repeated ids', async () => {
    const cases: Array<{ x: number[]; segments: number }> = [
      { x: [5], segments: 3 },
      { x: [64, 128], segments: 11 },
      { x: [33, 7, 3], segments: 5 },
      { x: [6, 4, 9], segments: 8 },
      { x: [300, 1], segments: 2 },
    ];
    for (const [index, { x, segments }] of cases.entries()) {
      const size = x.reduce((product, extent) => product * extent, 1);
      const values = seededValues(size, index);
      const segmentIds = seededIds(x[0]!, 0, segments, 50 + index);
      const { expected, actual } = await outputsOnCpuAndNative(() =>
        tf.unsortedSegmentSum(tf.tensor(values, x), tf.tensor1d(segmentIds, 'int32'), segments),
      );
      expect(actual.shape, JSON.stringify(x)).toEqual(expected.shape);
      expect(Array.from(actual.values), JSON.stringify(x)).toEqual(Array.from(expected.values));
    }
  });

  it('skips ids outside [0, numSegments) and leaves empty segments at zero', async () => {
    const x = tf.tensor2d([1, 2, 10, 20, 100, 200], [3, 2]);
    const result = await outputOn('latentlab-native', () =>
      tf.unsortedSegmentSum(x, tf.tensor1d([2, -1, 7], 'int32'), 4),
    );
    expect(Array.from(result.values)).toEqual([0, 0, 0, 0, 1, 2, 0, 0]);
  });

  it('gives the gradient of gather, as cpu does', async () => {
    const table = seededValues(11 * 16, 3);
    const labels = seededIds(64, 0, 11, 4);
    const { expected, actual } = await outputsOnCpuAndNative(() =>
      tf.grad((weights: tf.Tensor) =>
        tf.sum(
          tf.mul(tf.gather(weights, tf.tensor1d(labels, 'int32')), tf.range(0, 64 * 16).reshape([64, 16])),
        ),
      )(tf.tensor2d(table, [11, 16])),
    );
    expect(Array.from(actual.values)).toEqual(Array.from(expected.values));
  });

  it('leaves int32 data to the cpu kernel', async () => {
    const native = vi.spyOn(nativeAddon()!, 'unsortedSegmentSum');
    const result = await outputOn('latentlab-native', () =>
      tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 2),
    );
    expect(Array.from(result.values)).toEqual([3, 3]);
    expect(native).not.toHaveBeenCalled();
  });
});
