import { normalizeAxis, ones } from '@latentlab/tensor';
import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import { describeValue, type OnnxValue } from '../onnx-value.js';
import { assertStaticAxis, assertValue } from './checks.js';
import { scalarValue } from './constants.js';
import { binary, floatUnary } from './elementwise.js';

function assertFloat(graph: GraphBuilder, x: OnnxValue, op: string, argument: string): void {
  assertValue(graph, x, op, argument);
  if (x.dtype !== 'float32') {
    throw new TypeError(`${op}: ${argument} must be float32, got ${describeValue(x)}`);
  }
}

function assertVector(
  graph: GraphBuilder,
  value: OnnxValue | undefined,
  size: number,
  op: string,
  argument: string,
): void {
  if (value === undefined) return;
  assertFloat(graph, value, op, argument);
  if (value.shape.length !== 1 || value.shape[0] !== size) {
    throw new RangeError(`${op}: ${argument} must be float32 [${size}], got ${describeValue(value)}`);
  }
}

/**
 * Normalises over the last axis: (x − mean) / √(var + eps) · weight + bias, biased variance.
 * ONNX LayerNormalization (opset 17, axis = −1); its Scale input is required, so a ones vector stands in
 * when there is no weight.
 */
export function layerNorm(
  graph: GraphBuilder,
  x: OnnxValue,
  weight: OnnxValue | undefined,
  bias: OnnxValue | undefined,
  eps = 1e-5,
): OnnxValue {
  assertFloat(graph, x, 'layerNorm', 'x');
  if (x.shape.length === 0) throw new RangeError('layerNorm: x must have rank ≥ 1, got a scalar');
  const lastAxis = x.shape.length - 1;
  assertStaticAxis(x, lastAxis, 'layerNorm', 'the normalised axis');
  const features = x.shape[lastAxis]!;
  assertVector(graph, weight, features, 'layerNorm', 'weight');
  assertVector(graph, bias, features, 'layerNorm', 'bias');
  const scale = weight ?? graph.addConstant(ones([features]));
  return graph.addNode('LayerNormalization', bias ? [x, scale, bias] : [x, scale], x, [
    attribute.int('axis', -1),
    attribute.float('epsilon', eps),
  ]);
}

/**
 * x (N, C, …): normalises each of `groups` channel groups over (C/groups, …), then a per-channel affine.
 * GroupNormalization is not in opset 17 (it arrives in 18, with a per-group affine until 21), so it is
 * composed: Reshape to (N, G, −1) — 0 copies N, which may be dynamic — mean and biased variance over the
 * last axis, Reshape back to x's shape, then weight and bias reshaped to (C, 1, …, 1).
 */
export function groupNorm(
  graph: GraphBuilder,
  x: OnnxValue,
  groups: number,
  weight: OnnxValue | undefined,
  bias: OnnxValue | undefined,
  eps = 1e-5,
): OnnxValue {
  assertFloat(graph, x, 'groupNorm', 'x');
  if (x.shape.length < 2) throw new RangeError(`groupNorm: x must be (N, C, …), got ${describeValue(x)}`);
  assertStaticAxis(x, 1, 'groupNorm', 'the channel axis');
  const [batch, channels, ...spatial] = x.shape as [number, number, ...number[]];
  if (!Number.isSafeInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new RangeError(`groupNorm: ${channels} channels do not split into ${groups} groups`);
  }
  assertVector(graph, weight, channels, 'groupNorm', 'weight');
  assertVector(graph, bias, channels, 'groupNorm', 'bias');
  const groupSize = x.shape.slice(1).reduce((product, size) => product * size, 1) / groups;
  const grouped = graph.addNode('Reshape', [x, graph.int64Constant([0, groups, -1])], {
    shape: [batch, groups, groupSize],
    dtype: 'float32',
    dynamic: [x.dynamic[0]!, false, x.dynamic.slice(2).some(Boolean)],
  }); // (N, G, C/G · spatial)
  const statistics = {
    shape: [batch, groups, 1],
    dtype: 'float32' as const,
    dynamic: [x.dynamic[0]!, false, false],
  };
  const meanOverGroup = (value: OnnxValue) =>
    graph.addNode('ReduceMean', [value], statistics, [
      attribute.ints('axes', [2]),
      attribute.int('keepdims', 1),
    ]);
  const centered = binary(graph, 'groupNorm', 'Sub', grouped, meanOverGroup(grouped)); // (N, G, L)
  const variance = meanOverGroup(binary(graph, 'groupNorm', 'Mul', centered, centered)); // (N, G, 1)
  const deviation = floatUnary(
    graph,
    'groupNorm',
    'Sqrt',
    binary(graph, 'groupNorm', 'Add', variance, scalarValue(graph, eps, 'float32')),
  );
  const normalized = binary(graph, 'groupNorm', 'Div', centered, deviation); // (N, G, L)
  // Back to (N, C, …): 0 copies the (possibly dynamic) batch; other dynamic axes need the runtime shape.
  const onlyBatchDynamic = !x.dynamic.slice(1).some(Boolean);
  const targetShape = onlyBatchDynamic
    ? graph.int64Constant([x.dynamic[0] ? 0 : batch, channels, ...spatial])
    : graph.addInt64Node('Shape', [x]);
  let y = graph.addNode('Reshape', [normalized, targetShape], x); // (N, C, …)
  const perChannel = [channels, ...spatial.map(() => 1)]; // (C, 1, …, 1)
  const channelWise = (value: OnnxValue) =>
    graph.addNode('Reshape', [value, graph.int64Constant(perChannel)], {
      shape: perChannel,
      dtype: 'float32',
      dynamic: perChannel.map(() => false),
    });
  if (weight) y = binary(graph, 'groupNorm', 'Mul', y, channelWise(weight));
  if (bias) y = binary(graph, 'groupNorm', 'Add', y, channelWise(bias));
  return y;
}

/** Softmax / LogSoftmax over one axis (opset 13 semantics: a single axis, not a flattened tail). */
export function softmax(
  graph: GraphBuilder,
  op: 'softmax' | 'logSoftmax',
  x: OnnxValue,
  axis = -1,
): OnnxValue {
  assertFloat(graph, x, op, 'x');
  const dim = normalizeAxis(axis, x.shape.length, op);
  return graph.addNode(op === 'softmax' ? 'Softmax' : 'LogSoftmax', [x], x, [attribute.int('axis', dim)]);
}
