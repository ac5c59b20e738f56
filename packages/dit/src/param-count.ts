import { type ParamStore, sizeOf } from '@latentlab/tensor';
import { type DitConfig, tokenCount, validateDitConfig } from './config.js';

/** Parameter counts of a DiT by part, in closed form from the config (no tensors are built). */
export interface DitParameterCounts {
  patchEmbedding: number;
  /** 0 for the sin-cos embedding, which is a constant. */
  positionEmbedding: number;
  timestepEmbedding: number;
  classEmbedding: number;
  /** All transformer blocks together. */
  blocks: number;
  finalLayer: number;
  total: number;
}

/** Weight (out, in) plus bias (out). */
const linearCount = (inWidth: number, outWidth: number) => inWidth * outWidth + outWidth;

/** The parameters `initDit` creates for this config, counted by part. */
export function parameterCounts(config: DitConfig): DitParameterCounts {
  const { hiddenSize: width, channels, patchSize, classes, depth, conditioning } = validateDitConfig(config);
  const mlpWidth = width * config.mlpRatio;
  const affineNorm = 2 * width;
  const attention = linearCount(width, 3 * width) + linearCount(width, width); // qkv + proj
  const mlp = linearCount(width, mlpWidth) + linearCount(mlpWidth, width); // fc1 + fc2
  const crossAttention =
    linearCount(width, width) + linearCount(width, 2 * width) + linearCount(width, width); // q + kv + proj
  const block =
    conditioning === 'adaLN-zero'
      ? attention + mlp + linearCount(width, 6 * width)
      : conditioning === 'cross-attention'
        ? 3 * affineNorm + attention + crossAttention + mlp
        : 2 * affineNorm + attention + mlp;
  const decoder = linearCount(width, patchSize * patchSize * config.outputChannels);
  const counts = {
    patchEmbedding: width * channels * patchSize * patchSize + width,
    positionEmbedding: config.positionEmbedding === 'learned' ? tokenCount(config) * width : 0,
    timestepEmbedding: linearCount(config.frequencyEmbeddingSize, width) + linearCount(width, width),
    classEmbedding: (classes + 1) * width,
    blocks: depth * block,
    finalLayer: decoder + (conditioning === 'adaLN-zero' ? linearCount(width, 2 * width) : affineNorm),
  };
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { ...counts, total };
}

/** Total number of parameters of a DiT with this config. */
export function countParameters(config: DitConfig): number {
  return parameterCounts(config).total;
}

/** Total number of elements in a parameter store. */
export function countStoreParameters(store: ParamStore): number {
  let total = 0;
  for (const value of store.values()) total += sizeOf(value.shape);
  return total;
}
