import {
  layerNorm,
  linear,
  type ModelFunction,
  mlp,
  normalInit,
  ones,
  type ParamStore,
  type Rng,
  selfAttention,
  xavierUniform,
  zeros,
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

/**
 * A pre-LayerNorm transformer block (attention + MLP, as GPT-2 and ViT) between an input embedding and a
 * linear head. x (B, T, inputWidth) → (B, T, outputWidth).
 */
export function transformerBlockModel(config: TransformerBlockConfig): ModelFunction {
  return (ops, params, inputs) => {
    const x = inputs['x'] as NonNullable<(typeof inputs)['x']>;
    let h = ops.add(linear(ops, params, 'embed', x), params.get('pos_embed')); // (B, T, D)
    h = ops.add(
      h,
      selfAttention(ops, params, 'block.attn', layerNorm(ops, params, 'block.norm1', h), config.heads),
    );
    h = ops.add(h, mlp(ops, params, 'block.mlp', layerNorm(ops, params, 'block.norm2', h)));
    return linear(ops, params, 'head', layerNorm(ops, params, 'norm', h)); // (B, T, outputWidth)
  };
}

export function initTransformerBlock(config: TransformerBlockConfig, rng: Rng): ParamStore {
  const { width, inputWidth, outputWidth, tokens, mlpRatio } = config;
  const hidden = width * mlpRatio;
  const store: ParamStore = new Map();
  const linearLayer = (name: string, outWidth: number, inWidth: number) => {
    store.set(`${name}.weight`, xavierUniform(rng, [outWidth, inWidth]));
    store.set(`${name}.bias`, normalInit(rng, [outWidth], 0.02));
  };
  const norm = (name: string) => {
    store.set(`${name}.weight`, ones([width]));
    store.set(`${name}.bias`, zeros([width]));
  };
  linearLayer('embed', width, inputWidth);
  store.set('pos_embed', normalInit(rng, [tokens, width], 0.02));
  norm('block.norm1');
  linearLayer('block.attn.qkv', 3 * width, width);
  linearLayer('block.attn.proj', width, width);
  norm('block.norm2');
  linearLayer('block.mlp.fc1', hidden, width);
  linearLayer('block.mlp.fc2', width, hidden);
  norm('norm');
  linearLayer('head', outputWidth, width);
  return store;
}
