import type { Ops } from '@latentlab/tensor';

/**
 * mean over all elements of w_b·(prediction − target)², one weight per sample (the leading axis);
 * without weights, the plain mean squared error. prediction, target (B, …), weights (B) → ().
 */
export function weightedMeanSquaredError<T>(ops: Ops<T>, prediction: T, target: T, weights?: T): T {
  const squared = ops.square(ops.sub(prediction, target)); // (B, …)
  if (weights === undefined) return ops.mean(squared);
  const rank = ops.shape(squared).length;
  const perSample = ops.reshape(weights, [-1, ...Array<number>(rank - 1).fill(1)]); // (B, 1, …)
  return ops.mean(ops.mul(squared, perSample));
}
