import { conv2d, initializers, type Ops, type Params } from '@latentlab/tensor';

/** Group norm with PyTorch's `<prefix>.weight` (ones) and `<prefix>.bias` (zeros). x (N, C, H, W). */
export function groupNormLayer<T>(ops: Ops<T>, params: Params<T>, prefix: string, x: T, groups: number): T {
  const channels = ops.shape(x)[1] as number;
  const weight = params.declare(`${prefix}.weight`, [channels], initializers.ones());
  const bias = params.declare(`${prefix}.bias`, [channels], initializers.zeros());
  return ops.groupNorm(x, groups, weight, bias, 1e-6);
}

/**
 * A ResNet block (He et al. 2016, pre-activation as in the latent-diffusion autoencoder):
 * h = conv2(silu(norm2(conv1(silu(norm1(x)))))), output shortcut(x) + h, where the shortcut is a 1×1
 * convolution (`<prefix>.nin_shortcut`) when the channel count changes. x (N, C, H, W) → (N, O, H, W).
 */
export function resnetBlock<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  outChannels: number,
  groups: number,
): T {
  const channels = ops.shape(x)[1] as number;
  let h = ops.silu(groupNormLayer(ops, params, `${prefix}.norm1`, x, groups)); // (N, C, H, W)
  h = conv2d(ops, params, `${prefix}.conv1`, h, { outChannels, kernel: 3, padding: 1 }); // (N, O, H, W)
  h = ops.silu(groupNormLayer(ops, params, `${prefix}.norm2`, h, groups));
  h = conv2d(ops, params, `${prefix}.conv2`, h, { outChannels, kernel: 3, padding: 1 });
  const shortcut =
    channels === outChannels
      ? x
      : conv2d(ops, params, `${prefix}.nin_shortcut`, x, { outChannels, kernel: 1 }); // (N, O, H, W)
  return ops.add(shortcut, h);
}

/** Halves the resolution with a 3×3 stride-2 convolution. (N, C, H, W) → (N, C, H/2, W/2). */
export function downsample<T>(ops: Ops<T>, params: Params<T>, prefix: string, x: T): T {
  const channels = ops.shape(x)[1] as number;
  return conv2d(ops, params, `${prefix}.conv`, x, {
    outChannels: channels,
    kernel: 3,
    stride: 2,
    padding: 1,
  });
}

/** Doubles the resolution: nearest-neighbour upsampling, then a 3×3 convolution. (N, C, H, W) → (N, C, 2H, 2W). */
export function upsample<T>(ops: Ops<T>, params: Params<T>, prefix: string, x: T): T {
  const channels = ops.shape(x)[1] as number;
  return conv2d(ops, params, `${prefix}.conv`, ops.upsampleNearest2d(x, 2), {
    outChannels: channels,
    kernel: 3,
    padding: 1,
  });
}
