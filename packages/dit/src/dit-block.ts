import { layerNorm, mlp, type Ops, type Params, selfAttention } from '@latentlab/tensor';
import { adaLNModulation, gated, modulate } from './modulation.js';

/** LayerNorm epsilon of every DiT norm (DiT's models.py and the PyTorch peer). */
export const DIT_LAYER_NORM_EPS = 1e-6;

/** DiT's affine LayerNorms (cross-attention, in-context, final layer without adaLN). */
export const AFFINE = { eps: DIT_LAYER_NORM_EPS, affine: true } as const;
/** adaLN's LayerNorms: no parameters of their own, the modulation supplies scale and shift. */
export const NON_AFFINE = { eps: DIT_LAYER_NORM_EPS, affine: false } as const;

/** What a DiT block needs besides its input: heads, MLP width and (adaLN) the initialisation choice. */
export interface DitBlockOptions {
  heads: number;
  /** MLP hidden width (mlpRatio · D). */
  mlpHidden: number;
  /** Zero-initialise the adaLN modulation (only the adaLN-Zero block reads it). */
  adaLNZero: boolean;
}

/**
 * A DiT block with adaLN-Zero conditioning (Peebles & Xie 2023 §3.2, Fig. 3 left). From the conditioning
 * vector c = embed(t) + embed(y), SiLU → Linear(D, 6D) regresses (γ₁, β₁, α₁, γ₂, β₂, α₂), and
 *
 *   x ← x + α₁ ⊙ Attention(modulate(LN(x), β₁, γ₁))
 *   x ← x + α₂ ⊙ MLP(modulate(LN(x), β₂, γ₂))
 *
 * with LN a LayerNorm without affine parameters (eps 1e-6), multi-head self-attention with a fused qkv,
 * and an MLP with tanh-GELU. With `adaLNZero` (DiT's choice) the modulation Linear is zero-initialised
 * ("-Zero"), so every α starts at 0 and the block starts as the identity.
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
  { heads, mlpHidden, adaLNZero }: DitBlockOptions,
): T {
  const [shiftAttention, scaleAttention, gateAttention, shiftMlp, scaleMlp, gateMlp] = adaLNModulation(
    ops,
    params,
    `${prefix}.adaLN_modulation`,
    condition,
    6,
    adaLNZero,
  ) as [T, T, T, T, T, T]; // 6 × (B, D)
  const attentionInput = modulate(
    ops,
    layerNorm(ops, params, `${prefix}.norm1`, x, NON_AFFINE),
    shiftAttention,
    scaleAttention,
  ); // (B, T, D)
  const attended = selfAttention(ops, params, `${prefix}.attn`, attentionInput, heads); // (B, T, D)
  x = ops.add(x, gated(ops, gateAttention, attended)); // (B, T, D)
  const mlpInput = modulate(
    ops,
    layerNorm(ops, params, `${prefix}.norm2`, x, NON_AFFINE),
    shiftMlp,
    scaleMlp,
  ); // (B, T, D)
  return ops.add(x, gated(ops, gateMlp, mlp(ops, params, `${prefix}.mlp`, mlpInput, mlpHidden, 'tanh'))); // (B, T, D)
}
