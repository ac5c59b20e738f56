import { declareParams, type InputSpec, type ParamStore, type Rng } from '@latentlab/tensor';
import type { DitConfig } from './config.js';
import { ditModel } from './dit.js';
import { DEFAULT_DIT_INITIALIZATION, type DitInitialization } from './initialization.js';

/** The inputs of a DiT with a dynamic batch: x (batch, C, H, W), t (batch), y (batch) int32, [context]. */
export function ditInputSpecs(config: DitConfig): Record<string, InputSpec> {
  const { channels, imageSize, contextLength, hiddenSize } = config;
  const scalars = Object.fromEntries(
    (config.scalarConditions ?? []).map(({ name }) => [
      name,
      { shape: ['batch'], dtype: 'float32' } as const,
    ]),
  );
  return {
    x: { shape: ['batch', channels, imageSize, imageSize], dtype: 'float32' },
    t: { shape: ['batch'], dtype: 'float32' },
    y: { shape: ['batch'], dtype: 'int32' },
    ...(contextLength > 0
      ? { context: { shape: ['batch', contextLength, hiddenSize], dtype: 'float32' } }
      : {}),
    ...scalars,
  };
}

/**
 * Fresh DiT parameters with PyTorch's dotted names and layouts, from the model's own declarations (one pass
 * of `ditModel` on shape-only values; see `declareParams`), initialised as DiT's official
 * `DiT.initialize_weights` (facebookresearch/DiT, models.py) with the choices of `initialization`:
 * - every Linear: Xavier-uniform weight, zero bias;
 * - patch embedding: Xavier-uniform as a Linear (D, C·p·p), bias PyTorch's Conv2d default;
 * - timestep MLP weights N(0, 0.02²); the class table N(0, classEmbeddingStd²);
 * - adaLN modulation zero when `adaLNZero`, and `final_layer.linear` zero when `zeroOutputLayer`, so each
 *   DiT block starts as the identity and the output at exactly 0 (Peebles & Xie 2023 §3.2, "adaLN-Zero");
 * - learned `pos_embed` N(0, 0.02²); affine LayerNorms weight 1, bias 0.
 * Draws from `rng` in declaration order, so a seed gives the same parameters in Node and the browser.
 */
export function initDit(
  config: DitConfig,
  rng: Rng,
  initialization: DitInitialization = DEFAULT_DIT_INITIALIZATION,
): ParamStore {
  return declareParams(ditModel(config, initialization), ditInputSpecs(config), rng);
}
