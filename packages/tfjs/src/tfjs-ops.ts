import {
  broadcastShapes,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  type DType,
  type GeluApproximation,
  type MatmulOptions,
  normalizeAxes,
  normalizeAxis,
  type Ops,
  pair,
  type Tensor,
} from '@latentlab/tensor';
import { fusedGeluTanh, fusedLayerNorm } from '@latentlab/tfjs-native';
import { toTf } from './convert.js';
import { gatherValues } from './gather-values.js';
import { tf } from './tf.js';

type T = tf.Tensor;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** NCHW → NHWC and back: tfjs's CPU convolutions only take channels-last. */
const toChannelsLast = (x: T): T => tf.transpose(x, [0, 2, 3, 1]);
const toChannelsFirst = (x: T): T => tf.transpose(x, [0, 3, 1, 2]);

/** (O, I, kH, kW) → (O, I, (kH − 1)·dH + 1, (kW − 1)·dW + 1) with zeros between the taps. */
function dilateKernel(weight: T, dilationH: number, dilationW: number): T {
  const [out, inner, kernelH, kernelW] = weight.shape as [number, number, number, number];
  const spread = tf.pad(tf.reshape(weight, [out, inner, kernelH, 1, kernelW, 1]), [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, dilationH - 1],
    [0, 0],
    [0, dilationW - 1],
  ]); // (O, I, kH, dH, kW, dW)
  const grid = tf.reshape(spread, [out, inner, kernelH * dilationH, kernelW * dilationW]);
  return tf.slice(grid, [0, 0, 0, 0], [-1, -1, (kernelH - 1) * dilationH + 1, (kernelW - 1) * dilationW + 1]);
}

/**
 * Identity forward, zero gradient backward. tfjs has no stop-gradient op, so it is a custom gradient
 * (tf.customGrad) whose gradient function returns zeros.
 */
const stopGradientOp = tf.customGrad((...inputs) => ({
  // tfjs passes (x, save): only x is used.
  value: tf.clone(inputs[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as (x: tf.Tensor) => tf.Tensor;

/**
 * `Ops` on eager tfjs tensors. Every op is built from differentiable tfjs primitives, so tfjs autograd
 * (`tf.variableGrads`) trains any model written against `Ops`. Runs on whichever tfjs backend is active.
 */
export class TfjsOps implements Ops<T> {
  readonly kind = 'tfjs';

  shape(x: T): number[] {
    return [...x.shape];
  }

  dtype(x: T): DType {
    if (x.dtype === 'float32' || x.dtype === 'int32') return x.dtype;
    throw new TypeError(`tfjs ops: dtype '${x.dtype}' is not a latentlab dtype`);
  }

  constant(value: Tensor): T {
    return toTf(value);
  }

  scalar(value: number, dtype: 'float32' | 'int32' = 'float32'): T {
    return tf.scalar(value, dtype);
  }

  add = (a: T, b: T): T => tf.add(a, b);
  sub = (a: T, b: T): T => tf.sub(a, b);
  mul = (a: T, b: T): T => tf.mul(a, b);
  div = (a: T, b: T): T => tf.div(a, b);
  pow = (a: T, b: T): T => tf.pow(a, b);
  maximum = (a: T, b: T): T => tf.maximum(a, b);
  minimum = (a: T, b: T): T => tf.minimum(a, b);

  where(condition: T, a: T, b: T): T {
    if (condition.dtype !== 'int32' && condition.dtype !== 'float32') {
      throw new TypeError(
        `where: condition must be int32 or float32 (nonzero = true), got ${condition.dtype} [${condition.shape.join(', ')}]`,
      );
    }
    // Checked here so a mismatch names this op, not tfjs's internals.
    broadcastShapes(broadcastShapes(condition.shape, a.shape, 'where'), b.shape, 'where');
    const isTrue = tf.notEqual(condition, tf.scalar(0, condition.dtype)); // bool, condition's shape
    // Mixed operands are computed in float32, as tfjs's binary ops upcast.
    const dtype = a.dtype === 'float32' || b.dtype === 'float32' ? 'float32' : 'int32';
    // tf.where broadcasts all three with broadcastTo, whose gradient sums over the broadcast axes.
    return tf.where(isTrue, tf.cast(a, dtype), tf.cast(b, dtype));
  }

  neg = (x: T): T => tf.neg(x);
  abs = (x: T): T => tf.abs(x);
  round = (x: T): T => tf.round(x);
  square = (x: T): T => tf.square(x);
  sqrt = (x: T): T => tf.sqrt(x);
  exp = (x: T): T => tf.exp(x);
  log = (x: T): T => tf.log(x);
  sin = (x: T): T => tf.sin(x);
  cos = (x: T): T => tf.cos(x);
  tanh = (x: T): T => tf.tanh(x);
  sigmoid = (x: T): T => tf.sigmoid(x);
  relu = (x: T): T => tf.relu(x);
  silu = (x: T): T => tf.mul(x, tf.sigmoid(x));

  gelu(x: T, approximate: GeluApproximation = 'tanh'): T {
    if (approximate === 'none') {
      // x · Φ(x) = 0.5 · x · (1 + erf(x / √2))
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
    }
    // One fused kernel (and one for its gradient) where the active backend has it: the native backend.
    const fused = fusedGeluTanh(x as unknown as tf.Tensor);
    if (fused) return fused as unknown as T;
    // Hendrycks & Gimpel 2016, eq. for the tanh approximation.
    const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  }

  cast = (x: T, dtype: 'float32' | 'int32'): T => tf.cast(x, dtype);

  stopGradient = (x: T): T => stopGradientOp(x);

  matmul(a: T, b: T, options: MatmulOptions = {}): T {
    if (a.rank < 2 || b.rank < 2) {
      throw new RangeError(
        `matmul: operands need rank ≥ 2, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`,
      );
    }
    const transposeA = options.transposeA ?? false;
    const transposeB = options.transposeB ?? false;
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    if (batchA.join(',') === batchB.join(',')) return tf.matMul(a, b, transposeA, transposeB);
    if (b.rank === 2 && !transposeA) {
      // (…, M, K) @ (K, N): one GEMM over the flattened leading axes.
      const [rows, inner] = a.shape.slice(-2) as [number, number];
      const flat = tf.matMul(tf.reshape(a, [-1, inner]), b, false, transposeB); // (… · M, N)
      return tf.reshape(flat, [...batchA, rows, flat.shape[1] as number]);
    }
    // tfjs's batched matmul mis-broadcasts some batch shapes (e.g. (2,1,…) with (3,…)): broadcast first.
    const batch = broadcastShapes(batchA, batchB, 'matmul');
    const expandedA = tf.broadcastTo(a, [...batch, ...a.shape.slice(-2)]);
    const expandedB = tf.broadcastTo(b, [...batch, ...b.shape.slice(-2)]);
    return tf.matMul(expandedA, expandedB, transposeA, transposeB);
  }

  sum(x: T, axes?: number | readonly number[], keepDims = false): T {
    return tf.sum(x, normalizeAxes(axes, x.rank, 'sum'), keepDims);
  }

  mean(x: T, axes?: number | readonly number[], keepDims = false): T {
    return tf.mean(x, normalizeAxes(axes, x.rank, 'mean'), keepDims);
  }

  max(x: T, axes?: number | readonly number[], keepDims = false): T {
    return tf.max(x, normalizeAxes(axes, x.rank, 'max'), keepDims);
  }

  argmax(x: T, axis: number): T {
    return tf.argMax(x, normalizeAxis(axis, x.rank, 'argmax'));
  }

  argmin(x: T, axis: number): T {
    return tf.argMin(x, normalizeAxis(axis, x.rank, 'argmin'));
  }

  reshape = (x: T, shape: readonly number[]): T => tf.reshape(x, [...shape]);
  transpose = (x: T, perm: readonly number[]): T => tf.transpose(x, [...perm]);
  concat = (xs: readonly T[], axis: number): T => tf.concat([...xs], axis);

  slice(x: T, axis: number, start: number, end: number): T {
    const dim = normalizeAxis(axis, x.rank, 'slice');
    const length = x.shape[dim] as number;
    const clamp = (index: number) => Math.min(Math.max(index < 0 ? index + length : index, 0), length);
    const from = clamp(start);
    const to = Math.max(clamp(end), from);
    const begin = x.shape.map((_, i) => (i === dim ? from : 0));
    const size = x.shape.map((size, i) => (i === dim ? to - from : size));
    return tf.slice(x, begin, size);
  }

  gather(x: T, indices: T, axis = 0): T {
    return gatherValues(x, indices, normalizeAxis(axis, x.rank, 'gather'));
  }

  conv2d(x: T, weight: T, bias?: T, options: Conv2dOptions = {}): T {
    const [strideH, strideW] = pair(options.stride, 1);
    const [padH, padW] = pair(options.padding, 0);
    const [dilationH, dilationW] = pair(options.dilation, 1);
    const groups = options.groups ?? 1;
    const [outChannels, groupInChannels] = weight.shape as number[];
    const padded = tf.pad(toChannelsLast(x), [
      [0, 0],
      [padH, padH],
      [padW, padW],
      [0, 0],
    ]); // (N, H + 2p, W + 2p, C)
    // tfjs has no gradient for dilated convolutions: dilate the kernel itself (zeros between taps).
    const dilated = dilationH > 1 || dilationW > 1 ? dilateKernel(weight, dilationH, dilationW) : weight;
    const filter = tf.transpose(dilated, [2, 3, 1, 0]); // (kH', kW', C/groups, O)
    const strides: [number, number] = [strideH, strideW];
    const dilations: [number, number] = [1, 1];
    let y: T;
    if (groups === 1) {
      y = tf.conv2d(padded as tf.Tensor4D, filter as tf.Tensor4D, strides, 'valid', 'NHWC', dilations);
    } else {
      const groupOutChannels = (outChannels as number) / groups;
      const outputs: T[] = [];
      for (let g = 0; g < groups; g++) {
        const input = tf.slice(
          padded,
          [0, 0, 0, g * (groupInChannels as number)],
          [-1, -1, -1, groupInChannels as number],
        );
        const groupFilter = tf.slice(filter, [0, 0, 0, g * groupOutChannels], [-1, -1, -1, groupOutChannels]);
        outputs.push(
          tf.conv2d(input as tf.Tensor4D, groupFilter as tf.Tensor4D, strides, 'valid', 'NHWC', dilations),
        );
      }
      y = tf.concat(outputs, 3);
    }
    if (bias) y = tf.add(y, bias); // (N, H', W', O) + (O)
    return toChannelsFirst(y);
  }

  convTranspose2d(x: T, weight: T, bias?: T, options: ConvTranspose2dOptions = {}): T {
    const [strideH, strideW] = pair(options.stride, 1);
    const [padH, padW] = pair(options.padding, 0);
    const [extraH, extraW] = pair(options.outputPadding, 0);
    const [batch, , height, width] = x.shape as number[];
    const [, outChannels, kernelH, kernelW] = weight.shape as number[];
    // The "full" transposed convolution, then PyTorch's cropping: out = (H − 1)·s − 2p + k + output_padding.
    const fullH = ((height as number) - 1) * strideH + (kernelH as number);
    const fullW = ((width as number) - 1) * strideW + (kernelW as number);
    const filter = tf.transpose(weight, [2, 3, 1, 0]); // (kH, kW, O, C)
    const full = tf.conv2dTranspose(
      toChannelsLast(x) as tf.Tensor4D,
      filter as tf.Tensor4D,
      [batch as number, fullH, fullW, outChannels as number],
      [strideH, strideW],
      'valid',
    ); // (N, fullH, fullW, O)
    const outH = fullH - 2 * padH + extraH;
    const outW = fullW - 2 * padW + extraW;
    // output_padding may reach past the full output: those rows/columns only receive the bias.
    const grown = tf.pad(full, [
      [0, 0],
      [0, Math.max(0, padH + outH - fullH)],
      [0, Math.max(0, padW + outW - fullW)],
      [0, 0],
    ]);
    let y = tf.slice(grown, [0, padH, padW, 0], [-1, outH, outW, -1]);
    if (bias) y = tf.add(y, bias);
    return toChannelsFirst(y);
  }

  upsampleNearest2d(x: T, scale: number): T {
    if (!Number.isInteger(scale) || scale < 1) {
      throw new RangeError(`upsampleNearest2d: scale must be a positive integer, got ${scale}`);
    }
    const [batch, channels, height, width] = x.shape as number[];
    const expanded = tf.reshape(x, [
      batch as number,
      channels as number,
      height as number,
      1,
      width as number,
      1,
    ]);
    const repeated = tf.mul(expanded, tf.ones([1, 1, 1, scale, 1, scale])); // (N, C, H, s, W, s)
    return tf.reshape(repeated, [
      batch as number,
      channels as number,
      (height as number) * scale,
      (width as number) * scale,
    ]);
  }

  avgPool2d(x: T, size: number): T {
    const pooled = tf.avgPool(toChannelsLast(x) as tf.Tensor4D, size, size, 'valid');
    return toChannelsFirst(pooled);
  }

  layerNorm(x: T, weight?: T, bias?: T, eps = 1e-5): T {
    // One fused kernel (and one for its gradient) where the active backend has it: the native backend.
    let y =
      (fusedLayerNorm(x as unknown as tf.Tensor, eps) as unknown as T | null) ?? compositeLayerNorm(x, eps);
    if (weight) y = tf.mul(y, weight);
    if (bias) y = tf.add(y, bias);
    return y;
  }

  groupNorm(x: T, groups: number, weight?: T, bias?: T, eps = 1e-5): T {
    const [batch, channels, ...spatial] = x.shape as number[];
    if ((channels as number) % groups !== 0) {
      throw new RangeError(`groupNorm: ${channels} channels do not split into ${groups} groups`);
    }
    const grouped = tf.reshape(x, [batch as number, groups, -1]); // (N, G, C/G · spatial)
    const mean = tf.mean(grouped, -1, true);
    const centered = tf.sub(grouped, mean);
    const variance = tf.mean(tf.square(centered), -1, true);
    let y = tf.reshape(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), x.shape);
    const perChannel = [channels as number, ...spatial.map(() => 1)]; // (C, 1, 1)
    if (weight) y = tf.mul(y, tf.reshape(weight, perChannel));
    if (bias) y = tf.add(y, tf.reshape(bias, perChannel));
    return y;
  }

  softmax(x: T, axis = -1): T {
    const dim = normalizeAxis(axis, x.rank, 'softmax');
    if (dim === x.rank - 1) return tf.softmax(x);
    const shifted = tf.sub(x, tf.max(x, dim, true));
    const exponentials = tf.exp(shifted);
    return tf.div(exponentials, tf.sum(exponentials, dim, true));
  }

  logSoftmax(x: T, axis = -1): T {
    const dim = normalizeAxis(axis, x.rank, 'logSoftmax');
    if (dim === x.rank - 1) return tf.logSoftmax(x);
    const shifted = tf.sub(x, tf.max(x, dim, true));
    return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), dim, true)));
  }
}

/** One shared instance: the ops hold no state. */
export const tfjsOps = new TfjsOps();

/** (x − mean) / √(var + ε) over the last axis, from tfjs's own ops. */
function compositeLayerNorm(x: T, eps: number): T {
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  return tf.mul(centered, tf.rsqrt(tf.add(variance, eps)));
}
