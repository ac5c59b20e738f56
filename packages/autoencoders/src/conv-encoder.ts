import { conv2d, type Ops, type Params } from '@latentlab/tensor';
import type { ConvAutoencoderConfig } from './conv-config.js';
import { downsample, groupNormLayer, resnetBlock } from './resnet-block.js';

/**
 * The encoder: conv_in, then per level `blocksPerLevel` ResNet blocks and (except at the last level) a
 * stride-2 downsampling, a middle ResNet block, norm_out + SiLU and conv_out to `outChannels`.
 * x (N, imageChannels, S, S) → (N, outChannels, S/2^(L−1), S/2^(L−1)). Parameters under `encoder.`.
 */
export function convEncoder<T>(
  ops: Ops<T>,
  params: Params<T>,
  x: T,
  config: ConvAutoencoderConfig,
  outChannels: number,
): T {
  const { channels, groups } = config;
  let h = conv2d(ops, params, 'encoder.conv_in', x, {
    outChannels: channels[0]!,
    kernel: 3,
    padding: 1,
  }); // (N, c0, S, S)
  channels.forEach((width, level) => {
    for (let block = 0; block < config.blocksPerLevel; block++) {
      h = resnetBlock(ops, params, `encoder.down.${level}.block.${block}`, h, width, groups);
    }
    if (level < channels.length - 1) h = downsample(ops, params, `encoder.down.${level}.downsample`, h);
  }); // (N, c_last, s, s)
  h = resnetBlock(ops, params, 'encoder.mid.block_1', h, channels.at(-1)!, groups);
  h = ops.silu(groupNormLayer(ops, params, 'encoder.norm_out', h, groups));
  return conv2d(ops, params, 'encoder.conv_out', h, { outChannels, kernel: 3, padding: 1 }); // (N, out, s, s)
}
