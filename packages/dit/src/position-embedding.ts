import { initializers, type Ops, type Params, type Tensor, tensor } from '@latentlab/tensor';
import { type DitConfig, tokenCount } from './config.js';

/**
 * The fixed 2D sine-cosine position embedding of DiT (Peebles & Xie 2023 §3.1: "we apply standard ViT
 * frequency-based positional embeddings (the sine-cosine version)"), in the layout of DiT's official
 * `get_2d_sincos_pos_embed` (from MAE). For token n = row · gridWidth + column and ω_k = 10000^(−k / (D/4)),
 * k = 0 … D/4 − 1, the D channels are four blocks of D/4:
 *
 *   [ sin(column · ω_k) | cos(column · ω_k) | sin(row · ω_k) | cos(row · ω_k) ]
 *
 * (DiT's code calls the first half "grid_h", but its meshgrid puts the column coordinate first.)
 * Computed in float64 and rounded once to float32. Returns (T, D).
 */
export function sincosPositionTable(
  hiddenSize: number,
  gridHeight: number,
  gridWidth = gridHeight,
): Tensor<'float32'> {
  if (hiddenSize % 4 !== 0) {
    throw new RangeError(`sincosPositionTable: hiddenSize ${hiddenSize} must be divisible by 4`);
  }
  const quarter = hiddenSize / 4;
  const values = new Float32Array(gridHeight * gridWidth * hiddenSize);
  for (let row = 0; row < gridHeight; row++) {
    for (let column = 0; column < gridWidth; column++) {
      const offset = (row * gridWidth + column) * hiddenSize;
      for (let k = 0; k < quarter; k++) {
        const frequency = 1 / 10000 ** (k / quarter);
        values[offset + k] = Math.sin(column * frequency);
        values[offset + quarter + k] = Math.cos(column * frequency);
        values[offset + 2 * quarter + k] = Math.sin(row * frequency);
        values[offset + 3 * quarter + k] = Math.cos(row * frequency);
      }
    }
  }
  return tensor(values, [gridHeight * gridWidth, hiddenSize]);
}

/**
 * The position embedding added to the patch tokens: the sin-cos table as a constant, or the learned
 * parameter `pos_embed` (1, T, D), N(0, 0.02²) as the PyTorch peer. Returns (1, T, D), which broadcasts over the batch.
 */
export function positionEmbedding<T>(ops: Ops<T>, params: Params<T>, config: DitConfig): T {
  if (config.positionEmbedding === 'learned') {
    return params.declare('pos_embed', [1, tokenCount(config), config.hiddenSize], initializers.normal(0.02)); // (1, T, D)
  }
  const grid = config.imageSize / config.patchSize;
  const table = sincosPositionTable(config.hiddenSize, grid); // (T, D)
  return ops.constant(tensor(table.data, [1, ...table.shape])); // (1, T, D)
}
