import { type Conv2dOptions, type ConvTranspose2dOptions, pair } from '@latentlab/tensor';
import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import { describeValue, type OnnxValue } from '../onnx-value.js';
import { UnsupportedOpError } from '../unsupported-op-error.js';
import { assertRank, assertStaticAxis, assertValue } from './checks.js';

/**
 * 2-D convolutions and pooling on NCHW tensors (ONNX Conv/ConvTranspose opset 11, AveragePool opset 11,
 * Resize opset 13 — the versions opset 17 binds to). Spatial pads are written [top, left, bottom, right]
 * (x1_begin, x2_begin, x1_end, x2_end).
 */

function assertImage(graph: GraphBuilder, x: OnnxValue, op: string): void {
  assertValue(graph, x, op, 'x');
  assertRank(x, 4, op, 'x (N, C, H, W)');
  if (x.dtype !== 'float32') throw new TypeError(`${op}: x must be float32, got ${describeValue(x)}`);
  assertStaticAxis(x, 1, op, 'the channel axis');
}

function checkedPair(
  value: Conv2dOptions['stride'],
  fallback: number,
  minimum: number,
  op: string,
  what: string,
) {
  const values = pair(value, fallback);
  for (const entry of values) {
    if (!Number.isSafeInteger(entry) || entry < minimum) {
      throw new RangeError(`${op}: ${what} must be integers ≥ ${minimum}, got ${JSON.stringify(value)}`);
    }
  }
  return values;
}

function checkedBias(graph: GraphBuilder, bias: OnnxValue | undefined, channels: number, op: string): void {
  if (bias === undefined) return;
  assertValue(graph, bias, op, 'bias');
  if (bias.shape.length !== 1 || bias.shape[0] !== channels || bias.dtype !== 'float32') {
    throw new RangeError(`${op}: bias must be float32 [${channels}], got ${describeValue(bias)}`);
  }
}

/** One spatial output dimension; dynamic when the input dimension is. */
function spatialOutput(x: OnnxValue, axis: number, size: number, op: string): number {
  if (size < 1) {
    throw new RangeError(
      `${op}: input ${describeValue(x)} is too small: output axis ${axis} would have size ${size}`,
    );
  }
  return size;
}

/** x (N, C, H, W), weight (O, C/groups, kH, kW), bias (O) → (N, O, H', W'). */
export function conv2d(
  graph: GraphBuilder,
  x: OnnxValue,
  weight: OnnxValue,
  bias: OnnxValue | undefined,
  options: Conv2dOptions = {},
): OnnxValue {
  assertImage(graph, x, 'conv2d');
  assertValue(graph, weight, 'conv2d', 'weight');
  assertRank(weight, 4, 'conv2d', 'weight (O, C/groups, kH, kW)');
  const [strideH, strideW] = checkedPair(options.stride, 1, 1, 'conv2d', 'stride');
  const [padH, padW] = checkedPair(options.padding, 0, 0, 'conv2d', 'padding');
  const [dilationH, dilationW] = checkedPair(options.dilation, 1, 1, 'conv2d', 'dilation');
  const groups = options.groups ?? 1;
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  const [outChannels, groupChannels, kernelH, kernelW] = weight.shape as [number, number, number, number];
  if (!Number.isSafeInteger(groups) || groups < 1 || channels % groups !== 0 || outChannels % groups !== 0) {
    throw new RangeError(
      `conv2d: groups = ${groups} must divide both ${channels} input and ${outChannels} output channels`,
    );
  }
  if (groupChannels !== channels / groups) {
    throw new RangeError(
      `conv2d: weight ${describeValue(weight)} expects ${groupChannels * groups} input channels (groups = ${groups}), x is ${describeValue(x)}`,
    );
  }
  checkedBias(graph, bias, outChannels, 'conv2d');
  // (H + 2p − d·(k − 1) − 1) / s + 1, floored (PyTorch Conv2d, ONNX Conv with explicit pads).
  const outH = Math.floor((height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH) + 1;
  const outW = Math.floor((width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW) + 1;
  return graph.addNode(
    'Conv',
    bias ? [x, weight, bias] : [x, weight],
    {
      shape: [batch, outChannels, spatialOutput(x, 2, outH, 'conv2d'), spatialOutput(x, 3, outW, 'conv2d')],
      dtype: 'float32',
      dynamic: [x.dynamic[0]!, false, x.dynamic[2]!, x.dynamic[3]!],
    },
    [
      attribute.ints('kernel_shape', [kernelH, kernelW]),
      attribute.ints('strides', [strideH, strideW]),
      attribute.ints('pads', [padH, padW, padH, padW]),
      attribute.ints('dilations', [dilationH, dilationW]),
      attribute.int('group', groups),
    ],
  );
}

/**
 * x (N, C, H, W), weight (C, O, kH, kW), bias (O), PyTorch ConvTranspose2d semantics:
 * H' = (H − 1)·s − 2p + kH + output_padding. ONNX ConvTranspose computes the same size from explicit pads
 * and output_padding: s·(H − 1) + output_padding + kH − pad_begin − pad_end.
 */
export function convTranspose2d(
  graph: GraphBuilder,
  x: OnnxValue,
  weight: OnnxValue,
  bias: OnnxValue | undefined,
  options: ConvTranspose2dOptions = {},
): OnnxValue {
  assertImage(graph, x, 'convTranspose2d');
  assertValue(graph, weight, 'convTranspose2d', 'weight');
  assertRank(weight, 4, 'convTranspose2d', 'weight (C, O, kH, kW)');
  const [strideH, strideW] = checkedPair(options.stride, 1, 1, 'convTranspose2d', 'stride');
  const [padH, padW] = checkedPair(options.padding, 0, 0, 'convTranspose2d', 'padding');
  const [extraH, extraW] = checkedPair(options.outputPadding, 0, 0, 'convTranspose2d', 'outputPadding');
  if (extraH >= strideH || extraW >= strideW) {
    throw new UnsupportedOpError(
      'convTranspose2d',
      `ONNX export: convTranspose2d with outputPadding ${JSON.stringify(options.outputPadding)} ≥ stride ` +
        `${JSON.stringify(options.stride ?? 1)} is not supported: onnxruntime's ConvTranspose (like PyTorch) needs outputPadding < stride`,
    );
  }
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  const [weightChannels, outChannels, kernelH, kernelW] = weight.shape as [number, number, number, number];
  if (weightChannels !== channels) {
    throw new RangeError(
      `convTranspose2d: weight ${describeValue(weight)} expects ${weightChannels} input channels, x is ${describeValue(x)}`,
    );
  }
  checkedBias(graph, bias, outChannels, 'convTranspose2d');
  const outH = (height - 1) * strideH - 2 * padH + kernelH + extraH;
  const outW = (width - 1) * strideW - 2 * padW + kernelW + extraW;
  return graph.addNode(
    'ConvTranspose',
    bias ? [x, weight, bias] : [x, weight],
    {
      shape: [
        batch,
        outChannels,
        spatialOutput(x, 2, outH, 'convTranspose2d'),
        spatialOutput(x, 3, outW, 'convTranspose2d'),
      ],
      dtype: 'float32',
      dynamic: [x.dynamic[0]!, false, x.dynamic[2]!, x.dynamic[3]!],
    },
    [
      attribute.ints('kernel_shape', [kernelH, kernelW]),
      attribute.ints('strides', [strideH, strideW]),
      attribute.ints('pads', [padH, padW, padH, padW]),
      attribute.ints('output_padding', [extraH, extraW]),
      attribute.ints('dilations', [1, 1]),
      attribute.int('group', 1),
    ],
  );
}

/**
 * Nearest-neighbour upsampling by an integer factor: Resize with scales [1, 1, s, s], mode "nearest",
 * coordinate_transformation_mode "asymmetric" (x_in = x_out / s) and nearest_mode "floor", so output
 * pixel (i, j) reads input pixel (⌊i/s⌋, ⌊j/s⌋): each pixel repeated s × s times.
 */
export function upsampleNearest2d(graph: GraphBuilder, x: OnnxValue, scale: number): OnnxValue {
  assertImage(graph, x, 'upsampleNearest2d');
  if (!Number.isSafeInteger(scale) || scale < 1) {
    throw new RangeError(`upsampleNearest2d: scale must be a positive integer, got ${scale}`);
  }
  const scales = graph.addConstant({
    dtype: 'float32',
    shape: [4],
    data: new Float32Array([1, 1, scale, scale]),
  });
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  return graph.addNode(
    'Resize',
    [x, '', scales], // inputs: X, roi (unused), scales
    { shape: [batch, channels, height * scale, width * scale], dtype: x.dtype, dynamic: x.dynamic },
    [
      attribute.string('mode', 'nearest'),
      attribute.string('coordinate_transformation_mode', 'asymmetric'),
      attribute.string('nearest_mode', 'floor'),
    ],
  );
}

/** Average pooling, kernel = stride = size, no padding (partial windows at the edge are dropped). */
export function avgPool2d(graph: GraphBuilder, x: OnnxValue, size: number): OnnxValue {
  assertImage(graph, x, 'avgPool2d');
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  if (!Number.isSafeInteger(size) || size < 1 || size > height || size > width) {
    throw new RangeError(
      `avgPool2d: size must be an integer in 1..min(H, W) for ${describeValue(x)}, got ${size}`,
    );
  }
  return graph.addNode(
    'AveragePool',
    [x],
    {
      shape: [batch, channels, Math.floor(height / size), Math.floor(width / size)],
      dtype: 'float32',
      dynamic: x.dynamic,
    },
    [attribute.ints('kernel_shape', [size, size]), attribute.ints('strides', [size, size])],
  );
}
