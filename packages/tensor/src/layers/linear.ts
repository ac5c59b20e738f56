import type { Ops, Params } from '../ops.js';

/**
 * y = x Wᵀ + b with PyTorch's Linear layout: `<prefix>.weight` (out, in), optional `<prefix>.bias` (out).
 * x (…, in) → (…, out).
 */
export function linear<T>(ops: Ops<T>, params: Params<T>, prefix: string, x: T): T {
  const y = ops.matmul(x, params.get(`${prefix}.weight`), { transposeB: true }); // (…, out)
  const bias = `${prefix}.bias`;
  return params.has(bias) ? ops.add(y, params.get(bias)) : y;
}
