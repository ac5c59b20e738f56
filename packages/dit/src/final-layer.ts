import { initializers, layerNorm, linear, type Ops, type Params } from '@latentlab/tensor';
import { AFFINE, NON_AFFINE } from './dit-block.js';
import { adaLNModulation, modulate } from './modulation.js';

export interface FinalLayerOptions {
  /** p·p·C_out: the values each token decodes to. */
  outFeatures: number;
  /** Zero-initialise `<prefix>.linear`, so the model's output starts at exactly 0 (DiT's choice). */
  zeroOutput: boolean;
  /** Zero-initialise the adaLN modulation (with a condition only). */
  adaLNZero: boolean;
}

/**
 * The transformer decoder (Peebles & Xie 2023 §3.2, "Transformer decoder": "we apply the final layer norm
 * (adaptive if using adaLN) and linearly decode each token into a p×p×2C tensor"):
 * - with a condition (adaLN): SiLU → `<prefix>.adaLN_modulation.1` Linear(D, 2D) gives (β, γ);
 *   out = `<prefix>.linear`(modulate(LN(x), β, γ)) with LN without affine parameters (DiT's FinalLayer);
 * - without (cross-attention, in-context): out = `<prefix>.linear`(LN(x)) with an affine
 *   `<prefix>.norm_final`.
 * `<prefix>.linear` is Linear(D, p·p·C_out). x (B, T, D), condition (B, D) → (B, T, p·p·C_out).
 */
export function finalLayer<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  options: FinalLayerOptions,
  condition?: T,
): T {
  const norm = condition === undefined ? AFFINE : NON_AFFINE;
  let normalized = layerNorm(ops, params, `${prefix}.norm_final`, x, norm); // (B, T, D)
  if (condition !== undefined) {
    const [shift, scale] = adaLNModulation(
      ops,
      params,
      `${prefix}.adaLN_modulation`,
      condition,
      2,
      options.adaLNZero,
    ) as [T, T]; // 2 × (B, D)
    normalized = modulate(ops, normalized, shift, scale); // (B, T, D)
  }
  const weightInit = options.zeroOutput ? initializers.zeros() : initializers.xavierUniform();
  return linear(ops, params, `${prefix}.linear`, normalized, options.outFeatures, { weightInit }); // (B, T, p·p·C_out)
}
