import {
  declareParams,
  initializers,
  layerNorm,
  linear,
  type ModelFunction,
  mlp,
  type ParamStore,
  type Rng,
  selfAttention,
} from '@latentlab/tensor';

export interface TransformerBlockConfig {
  tokens: number;
  inputWidth: number;
  width: number;
  heads: number;
  mlpRatio: number;
  outputWidth: number;
}

export const tinyTransformer: TransformerBlockConfig = {
  tokens: 6,
  inputWidth: 5,
  width: 16,
  heads: 4,
  mlpRatio: 4,
  outputWidth: 3,
};

/** Non-zero biases (N(0, 0.02²)), so the parity checks see every parameter act. */
const SMALL_BIAS = { biasInit: initializers.normal(0.02) };

/**
 * A pre-LayerNorm transformer block (attention + MLP, as GPT-2 and ViT) between an input embedding and a
 * linear head; every parameter declared where it is read. x (B, T, inputWidth) → (B, T, outputWidth).
 */
export function transformerBlockModel(config: TransformerBlockConfig): ModelFunction {
  const { width, tokens, heads } = config;
  return (ops, params, inputs) => {
    const x = inputs['x'] as NonNullable<(typeof inputs)['x']>;
    const positions = params.declare('pos_embed', [tokens, width], initializers.normal(0.02));
    let h = ops.add(linear(ops, params, 'embed', x, width, SMALL_BIAS), positions); // (B, T, D)
    h = ops.add(h, selfAttention(ops, params, 'block.attn', layerNorm(ops, params, 'block.norm1', h), heads));
    h = ops.add(
      h,
      mlp(ops, params, 'block.mlp', layerNorm(ops, params, 'block.norm2', h), width * config.mlpRatio),
    );
    return linear(ops, params, 'head', layerNorm(ops, params, 'norm', h), config.outputWidth, SMALL_BIAS); // (B, T, out)
  };
}

export function initTransformerBlock(config: TransformerBlockConfig, rng: Rng): ParamStore {
  const inputs = { x: { shape: ['batch', config.tokens, config.inputWidth], dtype: 'float32' } } as const;
  return declareParams(transformerBlockModel(config), inputs, rng);
}
