import {
  type ModelFunction,
  normalInit,
  ones,
  type ParamStore,
  type Rng,
  xavierUniform,
  zeros,
} from '@latentlab/tensor';

export interface ConvNetConfig {
  channels: number;
  size: number;
  width: number;
  groups: number;
}

export const tinyConvNet: ConvNetConfig = { channels: 1, size: 8, width: 8, groups: 4 };

/**
 * A small convolutional autoencoder that touches every image op: conv (stride 1 and 2), group norm, SiLU,
 * GELU, average pooling, nearest upsampling and a transposed convolution.
 * x (B, C, S, S) → (B, C, S, S).
 */
export function convNetModel(config: ConvNetConfig): ModelFunction {
  return (ops, params, inputs) => {
    const x = inputs['x'] as NonNullable<(typeof inputs)['x']>;
    let h = ops.conv2d(x, params.get('conv_in.weight'), params.get('conv_in.bias'), { padding: 1 }); // (B, W, S, S)
    h = ops.silu(ops.groupNorm(h, config.groups, params.get('norm.weight'), params.get('norm.bias')));
    h = ops.conv2d(h, params.get('down.weight'), params.get('down.bias'), { stride: 2, padding: 1 }); // (B, 2W, S/2, S/2)
    h = ops.gelu(h);
    h = ops.upsampleNearest2d(ops.avgPool2d(h, 2), 2); // (B, 2W, S/2, S/2)
    h = ops.convTranspose2d(h, params.get('up.weight'), params.get('up.bias'), { stride: 2, padding: 1 }); // (B, W, S, S)
    return ops.conv2d(ops.silu(h), params.get('conv_out.weight'), params.get('conv_out.bias')); // (B, C, S, S)
  };
}

export function initConvNet(config: ConvNetConfig, rng: Rng): ParamStore {
  const { channels, width } = config;
  const store: ParamStore = new Map();
  const conv = (name: string, shape: number[], biasWidth: number) => {
    store.set(`${name}.weight`, xavierUniform(rng, shape));
    store.set(`${name}.bias`, normalInit(rng, [biasWidth], 0.02));
  };
  conv('conv_in', [width, channels, 3, 3], width);
  store.set('norm.weight', ones([width]));
  store.set('norm.bias', zeros([width]));
  conv('down', [2 * width, width, 3, 3], 2 * width);
  conv('up', [2 * width, width, 4, 4], width); // ConvTranspose2d weight: (in, out, kH, kW)
  conv('conv_out', [channels, width, 1, 1], channels);
  return store;
}
