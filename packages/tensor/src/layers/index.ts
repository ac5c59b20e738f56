export { linear } from './linear.js';
export { layerNorm } from './layer-norm.js';
export { scaledDotProductAttention, selfAttention, splitHeads, mergeHeads } from './attention.js';
export { mlp } from './mlp.js';
