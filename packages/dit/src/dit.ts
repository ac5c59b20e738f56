import type { ModelFunction, Ops, Params } from '@latentlab/tensor';
import { classEmbedding } from './class-embedding.js';
import { type DitConfig, tokenCount, validateDitConfig } from './config.js';
import { crossAttentionBlock } from './cross-attention-block.js';
import { type DitBlockOptions, ditBlock } from './dit-block.js';
import { type FinalLayerOptions, finalLayer } from './final-layer.js';
import { conditioningTokens, dropConditioningTokens, prependConditioningTokens } from './in-context.js';
import { DEFAULT_DIT_INITIALIZATION, type DitInitialization } from './initialization.js';
import { checkDitInputs } from './inputs.js';
import { patchEmbedding } from './patch-embedding.js';
import { unpatchify } from './patchify.js';
import { positionEmbedding } from './position-embedding.js';
import { scalarConditionEmbedding } from './scalar-conditions.js';
import { timestepEmbedding } from './timestep-embedding.js';
import { transformerBlock } from './transformer-block.js';

/**
 * The Diffusion Transformer (Peebles & Xie 2023, Fig. 3) as a latentlab model function, written once for
 * every `Ops` (tfjs for training, ONNX for export). Inputs `{ x (B, C, H, W) float32, t (B) float32 in
 * [0, 1], y (B) int32 }` (+ `context` (B, S, D) when `contextLength` > 0); output (B, C_out, H, W).
 * The config is validated here, so a bad one fails before any tensor is touched. Every parameter is
 * declared where the forward pass reads it (`params.declare`), with the initialisation of
 * `initialization` (DiT's `initialize_weights` except where `DitInitialization` says otherwise), so
 * `initDit` and `parameterCounts` are one pass over this function.
 */
export function ditModel(
  config: DitConfig,
  initialization: DitInitialization = DEFAULT_DIT_INITIALIZATION,
): ModelFunction {
  const checked = validateDitConfig(config);
  return (ops, params, inputs) => ditForward(ops, params, inputs, checked, initialization);
}

/** The parts' options that follow from the config and the initialisation. */
interface DitParts {
  block: DitBlockOptions;
  final: FinalLayerOptions;
}

/** One forward pass; see `ditModel`. */
export function ditForward<T>(
  ops: Ops<T>,
  params: Params<T>,
  inputs: Readonly<Record<string, T>>,
  config: DitConfig,
  initialization: DitInitialization = DEFAULT_DIT_INITIALIZATION,
): T {
  const { x, t, y, context, scalars } = checkDitInputs(ops, inputs, config);
  const { hiddenSize: width, patchSize } = config;
  const parts: DitParts = {
    block: { heads: config.heads, mlpHidden: width * config.mlpRatio, adaLNZero: initialization.adaLNZero },
    final: {
      outFeatures: patchSize * patchSize * config.outputChannels,
      zeroOutput: initialization.zeroOutputLayer,
      adaLNZero: initialization.adaLNZero,
    },
  };
  // §3.1 "Patchify" + position embedding.
  const patches = patchEmbedding(ops, params, 'x_embedder', x, width, patchSize); // (B, T, D)
  const tokens = ops.add(patches, positionEmbedding(ops, params, config)); // (B, T, D)
  // §3.2 conditioning inputs: timestep and class embeddings.
  const { frequencyEmbeddingSize, timestepScale } = config;
  let timestep = timestepEmbedding(
    ops,
    params,
    't_embedder',
    t,
    frequencyEmbeddingSize,
    timestepScale,
    width,
  ); // (B, D)
  for (const condition of config.scalarConditions ?? []) {
    const embedded = scalarConditionEmbedding(
      ops,
      params,
      condition,
      scalars[condition.name] as T,
      frequencyEmbeddingSize,
      width,
    ); // (B, D)
    timestep = ops.add(timestep, embedded); // (B, D): conditions join the timestep embedding
  }
  const label = classEmbedding(ops, params, 'y_embedder', y, {
    classes: config.classes,
    width,
    std: initialization.classEmbeddingStd,
  }); // (B, D)
  let decoded: T; // (B, T, p·p·C_out)
  if (config.conditioning === 'adaLN-zero') {
    decoded = adaLNZeroTransformer(ops, params, tokens, ops.add(timestep, label), config, parts);
  } else {
    const conditioning = conditioningTokens(ops, timestep, label, context); // (B, S, D)
    decoded =
      config.conditioning === 'cross-attention'
        ? crossAttentionTransformer(ops, params, tokens, conditioning, config, parts)
        : inContextTransformer(ops, params, tokens, conditioning, config, parts);
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
  parts: DitParts,
): T {
  for (let index = 0; index < config.depth; index++) {
    tokens = ditBlock(ops, params, `blocks.${index}`, tokens, condition, parts.block); // (B, T, D)
  }
  return finalLayer(ops, params, 'final_layer', tokens, parts.final, condition); // (B, T, p·p·C)
}

/** Cross-attention blocks attending to the conditioning tokens. (B, T, D) → (B, T, p·p·C). */
function crossAttentionTransformer<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  conditioning: T,
  config: DitConfig,
  parts: DitParts,
): T {
  for (let index = 0; index < config.depth; index++) {
    tokens = crossAttentionBlock(ops, params, `blocks.${index}`, tokens, conditioning, parts.block); // (B, T, D)
  }
  return finalLayer(ops, params, 'final_layer', tokens, parts.final); // (B, T, p·p·C)
}

/** Conditioning tokens prepended, ViT blocks, conditioning tokens dropped. (B, T, D) → (B, T, p·p·C). */
function inContextTransformer<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  conditioning: T,
  config: DitConfig,
  parts: DitParts,
): T {
  let sequence = prependConditioningTokens(ops, conditioning, tokens); // (B, S + T, D)
  for (let index = 0; index < config.depth; index++) {
    sequence = transformerBlock(ops, params, `blocks.${index}`, sequence, parts.block); // (B, S + T, D)
  }
  const imageTokens = dropConditioningTokens(ops, sequence, tokenCount(config)); // (B, T, D)
  return finalLayer(ops, params, 'final_layer', imageTokens, parts.final); // (B, T, p·p·C)
}
