import type { Ops, Params } from '@latentlab/tensor';
import type { VqVaeConfig } from './autoencoder-config.js';
import { lookupCodes, vectorQuantize } from './vector-quantize.js';

/** The VQ-VAE codebook's parameter name. */
export const CODEBOOK_PARAMETER = 'quantize.embedding.weight';

/** (N, d, s, s) → (N·s·s, d): one row per grid position, raster order within each image. */
export function gridToVectors<T>(ops: Ops<T>, grid: T): T {
  const d = ops.shape(grid)[1] as number;
  return ops.reshape(ops.transpose(grid, [0, 2, 3, 1]), [-1, d]);
}

/** (N·s·s, d) → (N, d, s, s), the inverse of `gridToVectors`. */
export function vectorsToGrid<T>(ops: Ops<T>, vectors: T, side: number): T {
  const d = ops.shape(vectors)[1] as number;
  return ops.transpose(ops.reshape(vectors, [-1, side, side, d]), [0, 3, 1, 2]);
}

/**
 * Quantizes an encoder's latent grid z (N, d, s, s): the nearest codes (N, d, s, s) with straight-through
 * gradients, the token grid (N, s, s) int32, the codebook and commitment losses, and the looked-up vectors
 * (N·s·s, d) (l2-normalised when the config says so) that EMA updates and dead-code restarts use.
 */
export function vqQuantizeGrid<T>(ops: Ops<T>, params: Params<T>, z: T, config: VqVaeConfig) {
  const side = ops.shape(z)[2] as number;
  const vectors = gridToVectors(ops, z); // (N·s·s, d)
  const quantized = vectorQuantize(ops, params, vectors, vqOptions(config));
  return {
    codes: vectorsToGrid(ops, quantized.quantized, side), // (N, d, s, s)
    tokens: ops.reshape(quantized.indices, [-1, side, side]), // (N, s, s)
    indices: quantized.indices, // (N·s·s)
    vectors: quantized.lookupVectors, // (N·s·s, d)
    codebookLoss: quantized.codebookLoss,
    commitmentLoss: quantized.commitmentLoss,
  };
}

/** Codes (N, d, s, s) of a token grid (N, s, s) int32: rows of the codebook as the lookup sees them. */
export function vqTokensToCodes<T>(ops: Ops<T>, params: Params<T>, tokens: T, config: VqVaeConfig): T {
  const codes = lookupCodes(ops, params, vqOptions(config)); // (K, d)
  const [, side] = ops.shape(tokens) as [number, number, number];
  const flat = ops.reshape(tokens, [-1]); // (N·s·s)
  return vectorsToGrid(ops, ops.gather(codes, flat, 0), side); // (N, d, s, s)
}

function vqOptions(config: VqVaeConfig) {
  return {
    codebookSize: config.codebookSize,
    codeDim: config.latentChannels,
    beta: config.beta,
    l2Normalize: config.l2Normalize,
    name: CODEBOOK_PARAMETER,
  };
}
