import type { GeluApproximation, Ops, Params } from '../ops.js';
import { linear } from './linear.js';

/** Transformer feed-forward block: fc2(gelu(fc1(x))). x (…, D) → (…, D). */
export function mlp<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  approximate: GeluApproximation = 'tanh',
): T {
  return linear(ops, params, `${prefix}.fc2`, ops.gelu(linear(ops, params, `${prefix}.fc1`, x), approximate));
}
