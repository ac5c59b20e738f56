export {
  type AttentionOptions,
  mergeHeads,
  projectQueriesKeysValues,
  scaledDotProductAttention,
  selfAttention,
  splitHeads,
} from './attention.js';
export { causalMask, MASKED_SCORE } from './causal-mask.js';
export {
  attentionWithCache,
  type CachedAttention,
  type KeyValueCache,
  selfAttentionWithCache,
} from './kv-cache.js';
export { layerNorm } from './layer-norm.js';
export { linear } from './linear.js';
export { mlp } from './mlp.js';
