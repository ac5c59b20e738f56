import type { NoiseProcess } from '@latentlab/schedules';
import type { Ops } from '@latentlab/tensor';

/** α(t) and σ(t) computed in the graph from a time input, for the processes whose formulas are simple ops. */
export interface GraphCoefficients<T> {
  alpha: T;
  sigma: T;
}

/** The processes a consistency model can be exported for: their α, σ are a few ops of t. */
export const GRAPH_PROCESSES = ['rf', 'edm'] as const;

/** rf: α = 1 − t, σ = t; edm (VE): α = 1, σ = t. t (B, 1, …) → α, σ of the same shape. */
export function coefficientsInGraph<T>(ops: Ops<T>, process: NoiseProcess, t: T): GraphCoefficients<T> {
  switch (process.name) {
    case 'rf':
      return { alpha: ops.sub(ops.scalar(1), t), sigma: t };
    case 'edm':
      return { alpha: ops.add(ops.mul(t, ops.scalar(0)), ops.scalar(1)), sigma: t };
    default:
      throw new RangeError(
        `distill: process '${process.name}' has no in-graph coefficients; expected one of ${GRAPH_PROCESSES.join(', ')}`,
      );
  }
}
