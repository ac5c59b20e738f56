import type { GeluApproximation, Ops, Params } from '../ops.js';
import { linear } from './linear.js';

/** Transformer feed-forward block: fc2(gelu(fc1(x))), fc1 D → `hidden`, fc2 back to D. x (…, D) → (…, D). */
export function mlp<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  hidden: number,
  approximate: GeluApproximation = 'tanh',
): T {
  const width = ops.shape(x).at(-1) as number;
  const inner = ops.gelu(linear(ops, params, `${prefix}.fc1`, x, hidden), approximate); // (…, hidden)
  return linear(ops, params, `${prefix}.fc2`, inner, width); // (…, D)
}
