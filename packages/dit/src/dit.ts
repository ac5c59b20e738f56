import type { ModelFunction, Ops, Params } from '@latentlab/tensor';
import { classEmbedding } from './class-embedding.js';
import { type DitConfig, tokenCount, validateDitConfig } from './config.js';
import { crossAttentionBlock } from './cross-attention-block.js';
import { ditBlock } from './dit-block.js';
import { finalLayer } from './final-layer.js';
import { conditioningTokens, dropConditioningTokens, prependConditioningTokens } from './in-context.js';
import { checkDitInputs } from './inputs.js';
import { patchEmbedding } from './patch-embedding.js';
import { unpatchify } from './patchify.js';
import { positionEmbedding } from './position-embedding.js';
import { timestepEmbedding } from './timestep-embedding.js';
import { transformerBlock } from './transformer-block.js';

/**
 * The Diffusion Transformer (Peebles & Xie 2023, Fig. 3) as a latentlab model function, written once for
 * every `Ops` (tfjs for training, ONNX for export). Inputs `{ x (B, C, H, W) float32, t (B) float32 in
 * [0, 1], y (B) int32 }` (+ `context` (B, S, D) when `contextLength` > 0); output (B, C_out, H, W).
 * The config is validated here, so a bad one fails before any tensor is touched.
 */
export function ditModel(config: DitConfig): ModelFunction {
  const checked = validateDitConfig(config);
  return (ops, params, inputs) => ditForward(ops, params, inputs, checked);
}

/** One forward pass; see `ditModel`. */
export function ditForward<T>(
  ops: Ops<T>,
  params: Params<T>,
  inputs: Readonly<Record<string, T>>,
  config: DitConfig,
): T {
  const { x, t, y, context } = checkDitInputs(ops, inputs, config);
  // §3.1 "Patchify" + position embedding.
  const patches = patchEmbedding(ops, params, 'x_embedder', x); // (B, T, D)
  const tokens = ops.add(patches, positionEmbedding(ops, params, config)); // (B, T, D)
  // §3.2 conditioning inputs: timestep and class embeddings.
  const { frequencyEmbeddingSize, timestepScale } = config;
  const timestep = timestepEmbedding(ops, params, 't_embedder', t, frequencyEmbeddingSize, timestepScale); // (B, D)
  const label = classEmbedding(ops, params, 'y_embedder', y); // (B, D)
  let decoded: T; // (B, T, p·p·C_out)
  if (config.conditioning === 'adaLN-zero') {
    decoded = adaLNZeroTransformer(ops, params, tokens, ops.add(timestep, label), config);
  } else {
    const conditioning = conditioningTokens(ops, timestep, label, context); // (B, S, D)
    decoded =
      config.conditioning === 'cross-attention'
        ? crossAttentionTransformer(ops, params, tokens, conditioning, config)
        : inContextTransformer(ops, params, tokens, conditioning, config);
  }
  return unpatchify(ops, decoded, {
    patchSize: config.patchSize,
    channels: config.outputChannels,
    height: config.imageSize,
    width: config.imageSize,
  }); // (B, C_out, H, W)
}

/** adaLN-Zero blocks on c = embed(t) + embed(y), then the adaptive final layer. (B, T, D) → (B, T, p·p·C). */
function adaLNZeroTransformer<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  condition: T,
  config: DitConfig,
): T {
  for (let index = 0; index < config.depth; index++) {
    tokens = ditBlock(ops, params, `blocks.${index}`, tokens, condition, config.heads); // (B, T, D)
  }
  return finalLayer(ops, params, 'final_layer', tokens, condition); // (B, T, p·p·C)
}

/** Cross-attention blocks attending to the conditioning tokens. (B, T, D) → (B, T, p·p·C). */
function crossAttentionTransformer<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  conditioning: T,
  config: DitConfig,
): T {
  for (let index = 0; index < config.depth; index++) {
    tokens = crossAttentionBlock(ops, params, `blocks.${index}`, tokens, conditioning, config.heads); // (B, T, D)
  }
  return finalLayer(ops, params, 'final_layer', tokens); // (B, T, p·p·C)
}

/** Conditioning tokens prepended, ViT blocks, conditioning tokens dropped. (B, T, D) → (B, T, p·p·C). */
function inContextTransformer<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  conditioning: T,
  config: DitConfig,
): T {
  let sequence = prependConditioningTokens(ops, conditioning, tokens); // (B, S + T, D)
  for (let index = 0; index < config.depth; index++) {
    sequence = transformerBlock(ops, params, `blocks.${index}`, sequence, config.heads); // (B, S + T, D)
  }
  const imageTokens = dropConditioningTokens(ops, sequence, tokenCount(config)); // (B, T, D)
  return finalLayer(ops, params, 'final_layer', imageTokens); // (B, T, p·p·C)
}
