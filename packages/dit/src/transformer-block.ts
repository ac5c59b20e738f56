import { layerNorm, mlp, type Ops, type Params, selfAttention } from '@latentlab/tensor';
import { AFFINE, type DitBlockOptions } from './dit-block.js';

/**
 * A standard pre-LayerNorm ViT block (Dosovitskiy et al. 2021, eq. 2–3), the block of the in-context design
 * (Peebles & Xie 2023 §3.2: "we can use standard ViT blocks without modification"):
 *
 *   x ← x + Attention(LN₁(x)),   x ← x + MLP(LN₂(x))
 *
 * LayerNorms with affine `<prefix>.norm1|norm2.weight|bias` (eps 1e-6), tanh-GELU MLP.
 * x (B, T, D) → (B, T, D).
 */
export function transformerBlock<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  { heads, mlpHidden }: DitBlockOptions,
): T {
  const attentionInput = layerNorm(ops, params, `${prefix}.norm1`, x, AFFINE); // (B, T, D)
  x = ops.add(x, selfAttention(ops, params, `${prefix}.attn`, attentionInput, heads)); // (B, T, D)
  const mlpInput = layerNorm(ops, params, `${prefix}.norm2`, x, AFFINE); // (B, T, D)
  return ops.add(x, mlp(ops, params, `${prefix}.mlp`, mlpInput, mlpHidden, 'tanh')); // (B, T, D)
}
