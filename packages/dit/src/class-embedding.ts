import type { Ops, Params, Rng } from '@latentlab/tensor';

/**
 * Class embedding: a table `<prefix>.embedding_table.weight` of classes + 1 rows (D wide). Rows
 * 0 … classes − 1 are the real classes; the last row, index `classes`, is the null class that classifier-free
 * guidance (Ho & Salimans 2022) trains on dropped labels and samples from as the unconditional branch
 * (Peebles & Xie 2023 §3.2 and §4, "classifier-free guidance"). labels (B) int32 → (B, D).
 */
export function classEmbedding<T>(ops: Ops<T>, params: Params<T>, prefix: string, labels: T): T {
  return ops.gather(params.get(`${prefix}.embedding_table.weight`), labels, 0); // (B, D)
}

/** The label of the null (unconditional) class: the last row of the table. */
export function nullClassLabel(classes: number): number {
  return classes;
}

/**
 * CFG label dropout, done on the labels before the model (the model itself is deterministic): each label
 * is replaced by the null class with probability `probability` (DiT trains with 0.1), one uniform draw per
 * label from `rng`. Returns a new array.
 */
export function dropClassLabels(
  labels: Int32Array,
  classes: number,
  probability: number,
  rng: Rng,
): Int32Array {
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`dropClassLabels: probability ${probability} must be in [0, 1]`);
  }
  const draws = rng.uniform(labels.length);
  return labels.map((label, index) =>
    (draws[index] as number) < probability ? nullClassLabel(classes) : label,
  );
}
