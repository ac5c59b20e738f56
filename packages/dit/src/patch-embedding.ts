import type { Ops, Params } from '@latentlab/tensor';

/**
 * Patch embedding ("Patchify", Peebles & Xie 2023 §3.1, Fig. 4): each p × p patch becomes one D-wide token,
 * implemented as DiT does (timm's PatchEmbed), a conv2d with kernel = stride = p, so the parameters are
 * exactly PyTorch's `<prefix>.proj.weight` (D, C, p, p) and `<prefix>.proj.bias` (D).
 * Tokens come out in the row-major grid order of `patchify`. images (B, C, H, W) → (B, T, D).
 */
export function patchEmbedding<T>(ops: Ops<T>, params: Params<T>, prefix: string, images: T): T {
  const weight = params.get(`${prefix}.proj.weight`); // (D, C, p, p)
  const [width, , patchSize] = ops.shape(weight) as [number, number, number, number];
  const grid = ops.conv2d(images, weight, params.get(`${prefix}.proj.bias`), { stride: patchSize }); // (B, D, h, w)
  const [, , rows, columns] = ops.shape(grid) as [number, number, number, number];
  const flat = ops.reshape(grid, [-1, width, rows * columns]); // (B, D, T)
  return ops.transpose(flat, [0, 2, 1]); // (B, T, D)
}
