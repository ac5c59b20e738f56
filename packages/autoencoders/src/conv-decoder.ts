import { conv2d, type Ops, type Params } from '@latentlab/tensor';
import type { ConvAutoencoderConfig } from './conv-config.js';
import { groupNormLayer, resnetBlock, upsample } from './resnet-block.js';

/**
 * The decoder, the encoder's mirror: conv_in from the latent, a middle ResNet block, then per level
 * (coarsest first) `blocksPerLevel` ResNet blocks and (except at the finest level) nearest upsampling + a
 * convolution, norm_out + SiLU and conv_out to the image channels.
 * z (N, latentChannels, s, s) → (N, imageChannels, S, S). Parameters under `decoder.`.
 */
export function convDecoder<T>(ops: Ops<T>, params: Params<T>, z: T, config: ConvAutoencoderConfig): T {
  const { channels, groups } = config;
  const levels = channels.length;
  let h = conv2d(ops, params, 'decoder.conv_in', z, {
    outChannels: channels.at(-1)!,
    kernel: 3,
    padding: 1,
  }); // (N, c_last, s, s)
  h = resnetBlock(ops, params, 'decoder.mid.block_1', h, channels.at(-1)!, groups);
  for (let level = levels - 1; level >= 0; level--) {
    for (let block = 0; block < config.blocksPerLevel; block++) {
      h = resnetBlock(ops, params, `decoder.up.${level}.block.${block}`, h, channels[level]!, groups);
    }
    if (level > 0) h = upsample(ops, params, `decoder.up.${level}.upsample`, h);
  } // (N, c0, S, S)
  h = ops.silu(groupNormLayer(ops, params, 'decoder.norm_out', h, groups));
  return conv2d(ops, params, 'decoder.conv_out', h, {
    outChannels: config.imageChannels,
    kernel: 3,
    padding: 1,
  }); // (N, imageChannels, S, S)
}
