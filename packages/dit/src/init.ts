import {
  normalInit,
  ones,
  type ParamStore,
  type Rng,
  type Tensor,
  tensor,
  xavierUniform,
  zeros,
} from '@latentlab/tensor';
import { type DitConfig, tokenCount, validateDitConfig } from './config.js';

/**
 * The initialisation choices of a DiT that the paper's recipe fixes and that matter at small scale:
 * - `classEmbeddingStd`: std of the class table N(0, std²). DiT's models.py uses 0.02; PyTorch's
 *   `nn.Embedding` default is 1. On MNIST at equal steps the larger table learns the classes far faster.
 * - `adaLNZero`: zero-initialise every adaLN modulation Linear, so each block starts as the identity
 *   (Peebles & Xie 2023 §3.2); false = Xavier-uniform like every other Linear.
 * - `zeroOutputLayer`: zero-initialise `final_layer.linear`, so the output starts at 0; false = Xavier-uniform.
 */
export interface DitInitialization {
  classEmbeddingStd: number;
  adaLNZero: boolean;
  zeroOutputLayer: boolean;
}

/** DiT's official initialisation (facebookresearch/DiT, models.py `initialize_weights`). */
export const DIT_PAPER_INITIALIZATION: DitInitialization = {
  classEmbeddingStd: 0.02,
  adaLNZero: true,
  zeroOutputLayer: true,
};

/**
 * Fresh DiT parameters with PyTorch's dotted names and layouts, initialised as DiT's official
 * `DiT.initialize_weights` (facebookresearch/DiT, models.py):
 * - every Linear: Xavier-uniform weight, zero bias;
 * - patch embedding `x_embedder.proj.weight` (D, C, p, p): Xavier-uniform *as a Linear* (D, C·p·p), i.e. with
 *   fan_in = C·p·p and fan_out = D (a conv's fans would multiply both by p·p); its bias keeps PyTorch's
 *   Conv2d default U(−1/√(C·p·p), 1/√(C·p·p)), which DiT does not re-initialise;
 * - timestep MLP weights `t_embedder.mlp.0|2.weight` and the class table: N(0, 0.02²);
 * - adaLN-Zero: every `adaLN_modulation.1` (blocks and final layer) and `final_layer.linear` are zero, so
 *   each DiT block starts as the identity and the model's output starts at exactly 0 (Peebles & Xie 2023
 *   §3.2, "adaLN-Zero"); the other designs keep the zero `final_layer.linear`;
 * - learned position embedding `pos_embed` (1, T, D): N(0, 0.02²), as dit_ref.py (the sin-cos one is a
 *   constant, not a parameter); affine LayerNorms (cross-attention and in-context blocks): weight 1, bias 0.
 * Draws from `rng` in a fixed order, so a seed gives the same parameters in Node and the browser.
 */
export function initDit(
  config: DitConfig,
  rng: Rng,
  initialization: DitInitialization = DIT_PAPER_INITIALIZATION,
): ParamStore {
  const { hiddenSize, channels, patchSize, classes, frequencyEmbeddingSize, depth } =
    validateDitConfig(config);
  const store: ParamStore = new Map();
  const linearLayer = (name: string, outWidth: number, inWidth: number, weight?: Tensor<'float32'>) => {
    store.set(`${name}.weight`, weight ?? xavierUniform(rng, [outWidth, inWidth]));
    store.set(`${name}.bias`, zeros([outWidth]));
  };
  const zeroLinear = (name: string, outWidth: number, inWidth: number, zero = true) =>
    linearLayer(name, outWidth, inWidth, zero ? zeros([outWidth, inWidth]) : undefined);
  const affineNorm = (name: string) => {
    store.set(`${name}.weight`, ones([hiddenSize]));
    store.set(`${name}.bias`, zeros([hiddenSize]));
  };

  const patchFanIn = channels * patchSize * patchSize;
  const patchWeight = xavierUniform(rng, [hiddenSize, patchFanIn]); // (D, C·p·p)
  store.set('x_embedder.proj.weight', tensor(patchWeight.data, [hiddenSize, channels, patchSize, patchSize]));
  store.set('x_embedder.proj.bias', uniformInit(rng, [hiddenSize], 1 / Math.sqrt(patchFanIn)));
  if (config.positionEmbedding === 'learned') {
    store.set('pos_embed', normalInit(rng, [1, tokenCount(config), hiddenSize], 0.02));
  }
  const timestepFirst = normalInit(rng, [hiddenSize, frequencyEmbeddingSize], 0.02);
  linearLayer('t_embedder.mlp.0', hiddenSize, frequencyEmbeddingSize, timestepFirst);
  linearLayer('t_embedder.mlp.2', hiddenSize, hiddenSize, normalInit(rng, [hiddenSize, hiddenSize], 0.02));
  store.set(
    'y_embedder.embedding_table.weight',
    normalInit(rng, [classes + 1, hiddenSize], initialization.classEmbeddingStd),
  );

  const mlpWidth = hiddenSize * config.mlpRatio;
  for (let index = 0; index < depth; index++) {
    const block = `blocks.${index}`;
    if (config.conditioning !== 'adaLN-zero') affineNorm(`${block}.norm1`);
    linearLayer(`${block}.attn.qkv`, 3 * hiddenSize, hiddenSize);
    linearLayer(`${block}.attn.proj`, hiddenSize, hiddenSize);
    if (config.conditioning === 'cross-attention') {
      affineNorm(`${block}.norm2`);
      linearLayer(`${block}.cross_attn.q`, hiddenSize, hiddenSize);
      linearLayer(`${block}.cross_attn.kv`, 2 * hiddenSize, hiddenSize);
      linearLayer(`${block}.cross_attn.proj`, hiddenSize, hiddenSize);
      affineNorm(`${block}.norm3`);
    } else if (config.conditioning === 'in-context') {
      affineNorm(`${block}.norm2`);
    }
    linearLayer(`${block}.mlp.fc1`, mlpWidth, hiddenSize);
    linearLayer(`${block}.mlp.fc2`, hiddenSize, mlpWidth);
    if (config.conditioning === 'adaLN-zero') {
      zeroLinear(`${block}.adaLN_modulation.1`, 6 * hiddenSize, hiddenSize, initialization.adaLNZero);
    }
  }

  if (config.conditioning === 'adaLN-zero') {
    zeroLinear('final_layer.adaLN_modulation.1', 2 * hiddenSize, hiddenSize, initialization.adaLNZero);
  } else {
    affineNorm('final_layer.norm_final');
  }
  zeroLinear(
    'final_layer.linear',
    patchSize * patchSize * config.outputChannels,
    hiddenSize,
    initialization.zeroOutputLayer,
  );
  return store;
}

/** U(−bound, bound): PyTorch's default bias initialisation for a layer with fan_in = 1 / bound². */
function uniformInit(rng: Rng, shape: readonly number[], bound: number): Tensor<'float32'> {
  const values = rng.uniform(shape.reduce((size, dim) => size * dim, 1));
  for (let i = 0; i < values.length; i++) values[i] = (2 * (values[i] as number) - 1) * bound;
  return tensor(values, shape);
}
