import { tf } from '../tfjs.js';

export interface Output {
  values: Float32Array | Int32Array;
  shape: number[];
  dtype: tf.DataType;
}

/** Runs `compute` with `backend` active and returns its output's values, shape and dtype. */
export async function outputOn(backend: string, compute: () => tf.Tensor): Promise<Output> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const result = compute();
    return {
      values: result.dataSync() as Float32Array | Int32Array,
      shape: result.shape,
      dtype: result.dtype,
    };
  });
}

/** `compute`'s output on tfjs's cpu backend (expected) and on the native backend (actual). */
export async function outputsOnCpuAndNative(
  compute: () => tf.Tensor,
): Promise<{ expected: Output; actual: Output }> {
  return { expected: await outputOn('cpu', compute), actual: await outputOn('latentlab-native', compute) };
}

/**
 * max over elements of |actual − expected| / (|expected| + absoluteFloor); NaN must sit at the same places
 * in both (Infinity otherwise), and equal infinities count as no difference.
 */
export function elementwiseRelativeDifference(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  absoluteFloor = 1e-30,
): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (Number.isNaN(want) || Number.isNaN(got)) {
      if (Number.isNaN(want) !== Number.isNaN(got)) return Number.POSITIVE_INFINITY;
      continue;
    }
    if (want === got) continue;
    worst = Math.max(worst, Math.abs(got - want) / (Math.abs(want) + absoluteFloor));
  }
  return worst;
}
