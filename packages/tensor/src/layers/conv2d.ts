import { initializers } from '../init.js';
import type { Conv2dOptions, Initializer, Ops, Pair, Params } from '../ops.js';
import { pair } from '../ops.js';

export interface Conv2dLayerOptions extends Conv2dOptions {
  outChannels: number;
  kernel: Pair;
  /** With a `<prefix>.bias` (default true). */
  bias?: boolean;
  /** Default Xavier-uniform with the conv's fans (in·kH·kW, out·kH·kW). */
  weightInit?: Initializer;
  /** Default zeros. */
  biasInit?: Initializer;
}

/**
 * A 2-D convolution with PyTorch's Conv2d parameters, declared here: `<prefix>.weight` (O, C/groups, kH, kW)
 * and `<prefix>.bias` (O). x (N, C, H, W) → (N, O, H', W').
 */
export function conv2d<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  options: Conv2dLayerOptions,
): T {
  const { outChannels, kernel, bias = true, weightInit, biasInit, ...convolution } = options;
  const channels = ops.shape(x)[1] as number;
  const [kernelH, kernelW] = pair(kernel, 1);
  const groups = convolution.groups ?? 1;
  const weight = params.declare(
    `${prefix}.weight`,
    [outChannels, channels / groups, kernelH, kernelW],
    weightInit ?? initializers.xavierUniform(),
  );
  const biasValue = bias
    ? params.declare(`${prefix}.bias`, [outChannels], biasInit ?? initializers.zeros())
    : undefined;
  return ops.conv2d(x, weight, biasValue, convolution);
}
