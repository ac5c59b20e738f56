import {
  conv2d,
  declareParams,
  initializers,
  type ModelFunction,
  type ParamStore,
  type Rng,
} from '@latentlab/tensor';

export interface ConvNetConfig {
  channels: number;
  size: number;
  width: number;
  groups: number;
}

export const tinyConvNet: ConvNetConfig = { channels: 1, size: 8, width: 8, groups: 4 };

/** Non-zero biases (N(0, 0.02²)), so the parity checks see every parameter act. */
const SMALL_BIAS = { biasInit: initializers.normal(0.02) };

/**
 * A small convolutional autoencoder that touches every image op: conv (stride 1 and 2), group norm, SiLU,
 * GELU, average pooling, nearest upsampling and a transposed convolution; parameters declared where read.
 * x (B, C, S, S) → (B, C, S, S).
 */
export function convNetModel(config: ConvNetConfig): ModelFunction {
  const { channels, width } = config;
  return (ops, params, inputs) => {
    const x = inputs['x'] as NonNullable<(typeof inputs)['x']>;
    let h = conv2d(ops, params, 'conv_in', x, { outChannels: width, kernel: 3, padding: 1, ...SMALL_BIAS }); // (B, W, S, S)
    const normWeight = params.declare('norm.weight', [width], initializers.ones());
    const normBias = params.declare('norm.bias', [width], initializers.zeros());
    h = ops.silu(ops.groupNorm(h, config.groups, normWeight, normBias));
    h = conv2d(ops, params, 'down', h, {
      outChannels: 2 * width,
      kernel: 3,
      stride: 2,
      padding: 1,
      ...SMALL_BIAS,
    }); // (B, 2W, S/2, S/2)
    h = ops.gelu(h);
    h = ops.upsampleNearest2d(ops.avgPool2d(h, 2), 2); // (B, 2W, S/2, S/2)
    // ConvTranspose2d weight: (in, out, kH, kW).
    const upWeight = params.declare('up.weight', [2 * width, width, 4, 4], initializers.xavierUniform());
    const upBias = params.declare('up.bias', [width], initializers.normal(0.02));
    h = ops.convTranspose2d(h, upWeight, upBias, { stride: 2, padding: 1 }); // (B, W, S, S)
    return conv2d(ops, params, 'conv_out', ops.silu(h), { outChannels: channels, kernel: 1, ...SMALL_BIAS }); // (B, C, S, S)
  };
}

export function initConvNet(config: ConvNetConfig, rng: Rng): ParamStore {
  const inputs = {
    x: { shape: ['batch', config.channels, config.size, config.size], dtype: 'float32' },
  } as const;
  return declareParams(convNetModel(config), inputs, rng);
}
