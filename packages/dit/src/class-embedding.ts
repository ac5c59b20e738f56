import type { Ops, Params } from '@latentlab/tensor';

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
