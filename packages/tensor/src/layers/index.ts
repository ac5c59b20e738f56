export {
  type AttentionOptions,
  mergeHeads,
  projectQueriesKeysValues,
  scaledDotProductAttention,
  selfAttention,
  splitHeads,
} from './attention.js';
export { causalMask, MASKED_SCORE } from './causal-mask.js';
export { type Conv2dLayerOptions, conv2d } from './conv2d.js';
export {
  attentionWithCache,
  type CachedAttention,
  type KeyValueCache,
  selfAttentionWithCache,
} from './kv-cache.js';
export { type LayerNormOptions, layerNorm } from './layer-norm.js';
export { type LinearOptions, linear } from './linear.js';
export { mlp } from './mlp.js';
