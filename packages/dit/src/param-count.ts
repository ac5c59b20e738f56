import { declaredParameterShapes, type ParamStore, sizeOf } from '@latentlab/tensor';
import type { DitConfig } from './config.js';
import { ditModel } from './dit.js';
import { ditInputSpecs } from './init.js';

/** Parameter counts of a DiT by part, from the model's declarations (no tensors are built). */
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

/** Which part a parameter name belongs to (DiT's state_dict prefixes). */
const PARTS: readonly [prefix: string, part: Exclude<keyof DitParameterCounts, 'total'>][] = [
  ['x_embedder.', 'patchEmbedding'],
  ['pos_embed', 'positionEmbedding'],
  ['t_embedder.', 'timestepEmbedding'],
  ['y_embedder.', 'classEmbedding'],
  ['blocks.', 'blocks'],
  ['final_layer.', 'finalLayer'],
];

/** The parameters `ditModel` declares for this config, counted by part. */
export function parameterCounts(config: DitConfig): DitParameterCounts {
  const counts: DitParameterCounts = {
    patchEmbedding: 0,
    positionEmbedding: 0,
    timestepEmbedding: 0,
    classEmbedding: 0,
    blocks: 0,
    finalLayer: 0,
    total: 0,
  };
  for (const [name, shape] of declaredParameterShapes(ditModel(config), ditInputSpecs(config))) {
    const part = PARTS.find(([prefix]) => name.startsWith(prefix));
    if (!part) throw new Error(`parameterCounts: parameter '${name}' belongs to no DiT part`);
    counts[part[1]] += sizeOf(shape);
    counts.total += sizeOf(shape);
  }
  return counts;
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
