import type { Rng } from '@latentlab/tensor';

/**
 * Classifier-free guidance label dropout (Ho & Salimans 2022, §3.2): each label is replaced by `nullClass`
 * with probability `probability` (DiT trains with 0.1), one uniform draw per label from `rng`. Returns a new
 * array; the model itself stays deterministic.
 */
export function dropLabels(labels: Int32Array, nullClass: number, probability: number, rng: Rng): Int32Array {
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`dropLabels: probability ${probability} must be in [0, 1]`);
  }
  const draws = rng.uniform(labels.length);
  return labels.map((label, index) => ((draws[index] as number) < probability ? nullClass : label));
}
