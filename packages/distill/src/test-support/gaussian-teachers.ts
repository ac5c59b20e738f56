import { type ModelFunction, type Ops, type Params, tensor } from '@latentlab/tensor';

/**
 * Exact x₀ predictors on rectified flow (x_t = (1 − t)·x₀ + t·ε) for 2-D data whose classes are isotropic
 * Gaussians N(μ_k, s²·I): the posterior mean E[x₀ | x_t], in closed form, as model functions of ops.
 * - one class: x̂₀ = μ + (α·s²/v)·(x − α·μ), v = α²·s² + σ²;
 * - a mixture: the same per component, weighted by the responsibilities softmax_k(−‖x − α·μ_k‖²/(2v)).
 * Labels 0 … K − 1 pick a component (the class-conditional teacher); label K (the null class) is the
 * equal-weight mixture (the unconditional one).
 */
export function gaussianMixtureTeacher(
  means: readonly (readonly [number, number])[],
  std: number,
): ModelFunction {
  const classes = means.length;
  const meanTable = tensor(Float32Array.from(means.flat()), [1, classes, 2]);
  // Row y of the mask: 0 for the components label y allows, −1e9 for the others (all allowed for the null class).
  const mask = new Float32Array((classes + 1) * classes);
  for (let label = 0; label < classes; label++) {
    for (let k = 0; k < classes; k++) mask[label * classes + k] = k === label ? 0 : -1e9;
  }
  const maskTable = tensor(mask, [classes + 1, classes]);
  return <T>(ops: Ops<T>, _params: Params<T>, inputs: Readonly<Record<string, T>>) => {
    const x = ops.reshape(inputs['x']!, [-1, 1, 2]); // (B, 1, 2)
    const t = ops.reshape(inputs['t']!, [-1, 1, 1]); // (B, 1, 1)
    const alpha = ops.sub(ops.scalar(1), t);
    const variance = ops.add(ops.mul(ops.square(alpha), ops.scalar(std * std)), ops.square(t)); // (B, 1, 1)
    const centres = ops.mul(alpha, ops.constant(meanTable)); // (B, K, 2) α·μ_k
    const offsets = ops.sub(x, centres); // (B, K, 2)
    const gain = ops.div(ops.mul(alpha, ops.scalar(std * std)), variance); // (B, 1, 1)
    const perComponent = ops.add(ops.constant(meanTable), ops.mul(gain, offsets)); // (B, K, 2)
    const distances = ops.div(
      ops.sum(ops.square(offsets), -1),
      ops.mul(ops.reshape(variance, [-1, 1]), ops.scalar(-2)),
    ); // (B, K)
    const allowed = ops.gather(ops.constant(maskTable), inputs['y']!, 0); // (B, K)
    const weights = ops.reshape(ops.softmax(ops.add(distances, allowed), -1), [-1, classes, 1]); // (B, K, 1)
    return ops.sum(ops.mul(weights, perComponent), 1); // (B, 2)
  };
}

/** The same posterior mean in plain float64 JS, for one point: the second implementation tests compare with. */
export function gaussianMixturePosteriorMean(
  means: readonly (readonly [number, number])[],
  std: number,
  x: readonly [number, number],
  t: number,
  label: number,
): [number, number] {
  const alpha = 1 - t;
  const variance = alpha * alpha * std * std + t * t;
  const gain = (alpha * std * std) / variance;
  const logits = means.map(([a, b], k) =>
    label < means.length && k !== label
      ? Number.NEGATIVE_INFINITY
      : -((x[0] - alpha * a) ** 2 + (x[1] - alpha * b) ** 2) / (2 * variance),
  );
  const top = Math.max(...logits);
  const weights = logits.map((logit) => Math.exp(logit - top));
  const total = weights.reduce((a, b) => a + b, 0);
  const result: [number, number] = [0, 0];
  means.forEach(([a, b], k) => {
    const share = weights[k]! / total;
    result[0] += share * (a + gain * (x[0] - alpha * a));
    result[1] += share * (b + gain * (x[1] - alpha * b));
  });
  return result;
}
