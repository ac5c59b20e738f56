import { initializers, type Ops, type Params } from '@latentlab/tensor';

/**
 * Class embedding: a table `<prefix>.embedding_table.weight` of classes + 1 rows (D wide). Rows
 * 0 … classes − 1 are the real classes; the last row, index `classes`, is the null class that classifier-free
 * guidance (Ho & Salimans 2022) trains on dropped labels and samples from as the unconditional branch
 * (Peebles & Xie 2023 §3.2 and §4, "classifier-free guidance"). The table is N(0, std²): DiT uses 0.02,
 * PyTorch's `nn.Embedding` default is 1 (see `DitInitialization`). labels (B) int32 → (B, D).
 */
export function classEmbedding<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  labels: T,
  { classes, width, std }: { classes: number; width: number; std: number },
): T {
  const table = params.declare(
    `${prefix}.embedding_table.weight`,
    [classes + 1, width],
    initializers.normal(std),
  );
  return ops.gather(table, labels, 0); // (B, D)
}

/** The label of the null (unconditional) class: the last row of the table. */
export function nullClassLabel(classes: number): number {
  return classes;
}
