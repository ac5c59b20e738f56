import { layerNorm, linear, type Ops, type Params } from '@latentlab/tensor';
import { DIT_LAYER_NORM_EPS } from './dit-block.js';
import { adaLNModulation, modulate } from './modulation.js';

/**
 * The transformer decoder (Peebles & Xie 2023 §3.2, "Transformer decoder": "we apply the final layer norm
 * (adaptive if using adaLN) and linearly decode each token into a p×p×2C tensor"):
 * - with a condition (adaLN-Zero): SiLU → `<prefix>.adaLN_modulation.1` Linear(D, 2D) gives (β, γ);
 *   out = `<prefix>.linear`(modulate(LN(x), β, γ)) with LN without affine parameters (DiT's FinalLayer);
 * - without (cross-attention, in-context): out = `<prefix>.linear`(LN(x)) with an affine
 *   `<prefix>.norm_final`.
 * `<prefix>.linear` is Linear(D, p·p·C_out), zero-initialised, so the model's output starts at exactly 0.
 * x (B, T, D), condition (B, D) → (B, T, p·p·C_out).
 */
export function finalLayer<T>(ops: Ops<T>, params: Params<T>, prefix: string, x: T, condition?: T): T {
  let normalized = layerNorm(ops, params, `${prefix}.norm_final`, x, DIT_LAYER_NORM_EPS); // (B, T, D)
  if (condition !== undefined) {
    const [shift, scale] = adaLNModulation(ops, params, `${prefix}.adaLN_modulation`, condition, 2) as [T, T]; // 2 × (B, D)
    normalized = modulate(ops, normalized, shift, scale); // (B, T, D)
  }
  return linear(ops, params, `${prefix}.linear`, normalized); // (B, T, p·p·C_out)
}
