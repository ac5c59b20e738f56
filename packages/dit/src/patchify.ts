import type { Ops } from '@latentlab/tensor';

/**
 * Token layout shared by `patchify` and `unpatchify` (DiT's `unpatchify`, Peebles & Xie 2023 §3.1):
 * - tokens run over the (H/p) × (W/p) patch grid in row-major order: token n = row · (W/p) + column;
 * - each token holds its p × p × C patch channels-last: element (i, j, c) of the patch (pixel row i,
 *   pixel column j, channel c) is at index (i · p + j) · C + c.
 *
 * `unpatchify` is exactly DiT's final `reshape(N, h, w, p, p, C)` + `einsum('nhwpqc->nchpwq')` (the
 * permute (0, 5, 1, 3, 2, 4) of the PyTorch peer); `patchify` is its inverse.
 *
 * (The patch *embedding* is a strided conv2d, see patch-embedding.ts: its weight (D, C, p, p) reads each
 * patch channels-first. It equals a Linear on `patchify`'s tokens with the weight permuted to (D, p, p, C).)
 */

/** (B, C, H, W) → (B, T, p·p·C), T = (H/p)·(W/p). */
export function patchify<T>(ops: Ops<T>, images: T, patchSize: number): T {
  const [, channels, height, width] = ops.shape(images) as [number, number, number, number];
  const rows = height / patchSize;
  const columns = width / patchSize;
  if (!Number.isInteger(rows) || !Number.isInteger(columns)) {
    throw new RangeError(
      `patchify: patch size ${patchSize} does not divide the image size ${height}×${width}`,
    );
  }
  const split = ops.reshape(images, [-1, channels, rows, patchSize, columns, patchSize]); // (B, C, h, p, w, q)
  const patchesLast = ops.transpose(split, [0, 2, 4, 3, 5, 1]); // (B, h, w, p, q, C)
  return ops.reshape(patchesLast, [-1, rows * columns, patchSize * patchSize * channels]); // (B, T, p·p·C)
}

export interface ImageLayout {
  readonly patchSize: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/** (B, T, p·p·C) → (B, C, H, W): the inverse of `patchify`. */
export function unpatchify<T>(ops: Ops<T>, tokens: T, layout: ImageLayout): T {
  const { patchSize, channels, height, width } = layout;
  const rows = height / patchSize;
  const columns = width / patchSize;
  const [, tokenTotal, tokenWidth] = ops.shape(tokens) as [number, number, number];
  if (tokenTotal !== rows * columns || tokenWidth !== patchSize * patchSize * channels) {
    throw new RangeError(
      `unpatchify: tokens of shape [${ops.shape(tokens).join(', ')}] do not make a ${channels}×${height}×${width} ` +
        `image with ${patchSize}×${patchSize} patches (expected [B, ${rows * columns}, ${patchSize * patchSize * channels}])`,
    );
  }
  const grid = ops.reshape(tokens, [-1, rows, columns, patchSize, patchSize, channels]); // (B, h, w, p, q, C)
  const channelsFirst = ops.transpose(grid, [0, 5, 1, 3, 2, 4]); // (B, C, h, p, w, q)
  return ops.reshape(channelsFirst, [-1, channels, height, width]); // (B, C, H, W)
}
