import type { Ops, Params } from '../ops.js';

/** LayerNorm over the last axis with optional `<prefix>.weight` / `<prefix>.bias` (PyTorch names). */
export function layerNorm<T>(ops: Ops<T>, params: Params<T>, prefix: string, x: T, eps = 1e-5): T {
  const weight = params.has(`${prefix}.weight`) ? params.get(`${prefix}.weight`) : undefined;
  const bias = params.has(`${prefix}.bias`) ? params.get(`${prefix}.bias`) : undefined;
  return ops.layerNorm(x, weight, bias, eps);
}
