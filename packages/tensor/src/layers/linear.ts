import { initializers } from '../init.js';
import type { Initializer, Ops, Params } from '../ops.js';

export interface LinearOptions {
  /** With a `<prefix>.bias` (default true). */
  bias?: boolean;
  /** Default Xavier-uniform (DiT's `initialize_weights`). */
  weightInit?: Initializer;
  /** Default zeros. */
  biasInit?: Initializer;
}

/**
 * y = x Wᵀ + b with PyTorch's Linear layout: `<prefix>.weight` (out, in), `<prefix>.bias` (out), declared
 * here with their initialisers. x (…, in) → (…, out).
 */
export function linear<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  outFeatures: number,
  options: LinearOptions = {},
): T {
  const inFeatures = ops.shape(x).at(-1) as number;
  const weight = params.declare(
    `${prefix}.weight`,
    [outFeatures, inFeatures],
    options.weightInit ?? initializers.xavierUniform(),
  );
  const y = ops.matmul(x, weight, { transposeB: true }); // (…, out)
  if (options.bias === false) return y;
  return ops.add(
    y,
    params.declare(`${prefix}.bias`, [outFeatures], options.biasInit ?? initializers.zeros()),
  );
}
