import {
  layerNorm,
  linear,
  mergeHeads,
  mlp,
  type Ops,
  type Params,
  scaledDotProductAttention,
  selfAttention,
  splitHeads,
} from '@latentlab/tensor';
import { AFFINE, type DitBlockOptions } from './dit-block.js';

/**
 * Multi-head cross-attention (Vaswani et al. 2017 §3.2.2, "encoder-decoder attention"): queries from the
 * image tokens, keys and values from the conditioning sequence. Projections `<prefix>.q` (D, D),
 * `<prefix>.kv` (2D, D) (keys then values, fused like the self-attention's qkv) and `<prefix>.proj` (D, D).
 * x (B, T, D), context (B, S, D) → (B, T, D).
 */
export function crossAttention<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  context: T,
  heads: number,
): T {
  const width = ops.shape(x).at(-1) as number;
  const queries = splitHeads(ops, linear(ops, params, `${prefix}.q`, x, width), heads); // (B, H, T, D/H)
  const keysAndValues = linear(ops, params, `${prefix}.kv`, context, 2 * width); // (B, S, 2D)
  const keys = splitHeads(ops, ops.slice(keysAndValues, -1, 0, width), heads); // (B, H, S, D/H)
  const values = splitHeads(ops, ops.slice(keysAndValues, -1, width, 2 * width), heads); // (B, H, S, D/H)
  const attended = mergeHeads(ops, scaledDotProductAttention(ops, queries, keys, values)); // (B, T, D)
  return linear(ops, params, `${prefix}.proj`, attended, width); // (B, T, D)
}

/**
 * The cross-attention DiT block (Peebles & Xie 2023 §3.2, Fig. 3 "Cross-Attention"): a standard pre-LN
 * block with a multi-head cross-attention layer after the self-attention, attending to the conditioning
 * sequence [embed(t), embed(y), context…]. The timestep therefore reaches the block only through this
 * sequence, as in the paper (no adaLN in this design):
 *
 *   x ← x + SelfAttention(LN₁(x))
 *   x ← x + CrossAttention(LN₂(x), conditioning)
 *   x ← x + MLP(LN₃(x))
 *
 * Affine LayerNorms `<prefix>.norm1|norm2|norm3` (eps 1e-6); `<prefix>.attn`, `<prefix>.cross_attn`,
 * `<prefix>.mlp`. x (B, T, D), conditioning (B, S, D) → (B, T, D).
 */
export function crossAttentionBlock<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  conditioning: T,
  { heads, mlpHidden }: DitBlockOptions,
): T {
  const selfInput = layerNorm(ops, params, `${prefix}.norm1`, x, AFFINE); // (B, T, D)
  x = ops.add(x, selfAttention(ops, params, `${prefix}.attn`, selfInput, heads)); // (B, T, D)
  const crossInput = layerNorm(ops, params, `${prefix}.norm2`, x, AFFINE); // (B, T, D)
  x = ops.add(x, crossAttention(ops, params, `${prefix}.cross_attn`, crossInput, conditioning, heads)); // (B, T, D)
  const mlpInput = layerNorm(ops, params, `${prefix}.norm3`, x, AFFINE); // (B, T, D)
  return ops.add(x, mlp(ops, params, `${prefix}.mlp`, mlpInput, mlpHidden, 'tanh')); // (B, T, D)
}
