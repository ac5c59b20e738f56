import { layerNorm, mlp, type Ops, type Params, selfAttention } from '@latentlab/tensor';
import { adaLNModulation, gated, modulate } from './modulation.js';

/** LayerNorm epsilon of every DiT norm (DiT's models.py and dit_ref.py). */
export const DIT_LAYER_NORM_EPS = 1e-6;

/**
 * A DiT block with adaLN-Zero conditioning (Peebles & Xie 2023 §3.2, Fig. 3 left). From the conditioning
 * vector c = embed(t) + embed(y), SiLU → Linear(D, 6D) regresses (γ₁, β₁, α₁, γ₂, β₂, α₂), and
 *
 *   x ← x + α₁ ⊙ Attention(modulate(LN(x), β₁, γ₁))
 *   x ← x + α₂ ⊙ MLP(modulate(LN(x), β₂, γ₂))
 *
 * with LN a LayerNorm without affine parameters (eps 1e-6), multi-head self-attention with a fused qkv,
 * and an MLP with tanh-GELU. The modulation Linear is zero-initialised ("-Zero"), so every α starts at 0
 * and the block starts as the identity.
 *
 * Parameters (DiT's names): `<prefix>.attn.qkv|proj`, `<prefix>.mlp.fc1|fc2`, `<prefix>.adaLN_modulation.1`.
 * x (B, T, D), condition (B, D) → (B, T, D).
 */
export function ditBlock<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  condition: T,
  heads: number,
): T {
  const [shiftAttention, scaleAttention, gateAttention, shiftMlp, scaleMlp, gateMlp] = adaLNModulation(
    ops,
    params,
    `${prefix}.adaLN_modulation`,
    condition,
    6,
  ) as [T, T, T, T, T, T]; // 6 × (B, D)
  const attentionInput = modulate(
    ops,
    layerNorm(ops, params, `${prefix}.norm1`, x, DIT_LAYER_NORM_EPS),
    shiftAttention,
    scaleAttention,
  ); // (B, T, D)
  const attended = selfAttention(ops, params, `${prefix}.attn`, attentionInput, heads); // (B, T, D)
  x = ops.add(x, gated(ops, gateAttention, attended)); // (B, T, D)
  const mlpInput = modulate(
    ops,
    layerNorm(ops, params, `${prefix}.norm2`, x, DIT_LAYER_NORM_EPS),
    shiftMlp,
    scaleMlp,
  ); // (B, T, D)
  return ops.add(x, gated(ops, gateMlp, mlp(ops, params, `${prefix}.mlp`, mlpInput, 'tanh'))); // (B, T, D)
}
