export { mergeHeads, scaledDotProductAttention, selfAttention, splitHeads } from './attention.js';
export { layerNorm } from './layer-norm.js';
export { linear } from './linear.js';
export { mlp } from './mlp.js';
