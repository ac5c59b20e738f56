import { type Ops, tensor } from '@latentlab/tensor';

/** One value per sample as a (B, 1, …, 1) constant of `rank` axes, to scale a (B, …) batch row by row. */
export function perSample<T>(ops: Ops<T>, values: ArrayLike<number>, rank: number): T {
  const shape = [values.length, ...new Array<number>(rank - 1).fill(1)];
  return ops.constant(tensor(Float32Array.from(values), shape)); // (B, 1, …)
}
