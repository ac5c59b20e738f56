import { initializers } from '../init.js';
import type { Ops, Params } from '../ops.js';

export interface LayerNormOptions {
  /** Default 1e-5 (PyTorch). */
  eps?: number;
  /** With `<prefix>.weight` (ones) and `<prefix>.bias` (zeros) (default true); false = no parameters. */
  affine?: boolean;
}

/** LayerNorm over the last axis with PyTorch's `<prefix>.weight` / `<prefix>.bias` when affine. x (…, D) → (…, D). */
export function layerNorm<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  { eps = 1e-5, affine = true }: LayerNormOptions = {},
): T {
  if (!affine) return ops.layerNorm(x, undefined, undefined, eps);
  const width = ops.shape(x).at(-1) as number;
  const weight = params.declare(`${prefix}.weight`, [width], initializers.ones());
  const bias = params.declare(`${prefix}.bias`, [width], initializers.zeros());
  return ops.layerNorm(x, weight, bias, eps);
}
