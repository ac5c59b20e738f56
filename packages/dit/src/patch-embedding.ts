import { initializers, type Ops, type Params } from '@latentlab/tensor';

/**
 * Patch embedding ("Patchify", Peebles & Xie 2023 §3.1, Fig. 4): each p × p patch becomes one D-wide token,
 * implemented as DiT does (timm's PatchEmbed), a conv2d with kernel = stride = p, so the parameters are
 * exactly PyTorch's `<prefix>.proj.weight` (D, C, p, p) and `<prefix>.proj.bias` (D). Initialised as DiT's
 * `initialize_weights`: the weight Xavier-uniform *as a Linear* (D, C·p·p), i.e. fan_in = C·p·p and
 * fan_out = D (a conv's fans would multiply both by p·p); the bias keeps PyTorch's Conv2d default
 * U(−1/√(C·p·p), 1/√(C·p·p)), which DiT does not re-initialise.
 * Tokens come out in the row-major grid order of `patchify`. images (B, C, H, W) → (B, T, D).
 */
export function patchEmbedding<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  images: T,
  width: number,
  patchSize: number,
): T {
  const channels = ops.shape(images)[1] as number;
  const fanIn = channels * patchSize * patchSize;
  const weight = params.declare(
    `${prefix}.proj.weight`,
    [width, channels, patchSize, patchSize],
    initializers.xavierUniform({ fanIn, fanOut: width }),
  ); // (D, C, p, p)
  const bias = params.declare(`${prefix}.proj.bias`, [width], initializers.uniform(1 / Math.sqrt(fanIn))); // (D)
  const grid = ops.conv2d(images, weight, bias, { stride: patchSize }); // (B, D, h, w)
  const [, , rows, columns] = ops.shape(grid) as [number, number, number, number];
  const flat = ops.reshape(grid, [-1, width, rows * columns]); // (B, D, T)
  return ops.transpose(flat, [0, 2, 1]); // (B, T, D)
}
