import type { GeluApproximation } from '@latentlab/tensor';
import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import type { OnnxValue } from '../onnx-value.js';
import { assertArithmetic, assertValue, broadcastTypes, castIfNeeded, promotedDtype } from './checks.js';
import { scalarValue } from './constants.js';

/**
 * Elementwise ops (ONNX opset 17, https://onnx.ai/onnx/operators/). Binary ops broadcast as NumPy does
 * (onnx docs/Broadcasting.md); mixed float32/int32 operands are computed in float32, as tfjs upcasts.
 */
export function binary(
  graph: GraphBuilder,
  op: string,
  onnxOp: string,
  a: OnnxValue,
  b: OnnxValue,
): OnnxValue {
  assertValue(graph, a, op, 'a');
  assertValue(graph, b, op, 'b');
  assertArithmetic(a, op);
  assertArithmetic(b, op);
  const dtype = promotedDtype(a.dtype, b.dtype);
  const { shape, dynamic } = broadcastTypes(a, b, op);
  return graph.addNode(onnxOp, [castIfNeeded(graph, a, dtype), castIfNeeded(graph, b, dtype)], {
    shape,
    dtype,
    dynamic,
  });
}

/**
 * a / b. Two int32 operands divide with flooring, as tfjs's `div` does (it calls floorDiv); ONNX Div
 * truncates toward zero on integers, so the floor is composed exactly: ⌊a / b⌋ = (a − a mod b) / b, where
 * Mod with fmod = 0 takes the divisor's sign (onnx Mod-13), making a − a mod b a multiple of b.
 */
export function div(graph: GraphBuilder, a: OnnxValue, b: OnnxValue): OnnxValue {
  assertValue(graph, a, 'div', 'a');
  assertValue(graph, b, 'div', 'b');
  if (a.dtype !== 'int32' || b.dtype !== 'int32') return binary(graph, 'div', 'Div', a, b);
  const remainder = graph.addNode('Mod', [a, b], { ...broadcastTypes(a, b, 'div'), dtype: 'int32' }, [
    attribute.int('fmod', 0),
  ]);
  return binary(graph, 'div', 'Div', binary(graph, 'div', 'Sub', a, remainder), b);
}

/** A unary op that keeps the dtype (Neg, Abs, Relu). */
export function unary(graph: GraphBuilder, op: string, onnxOp: string, x: OnnxValue): OnnxValue {
  assertValue(graph, x, op, 'x');
  assertArithmetic(x, op);
  return graph.addNode(onnxOp, [x], x);
}

/** A unary op defined on floats only (Exp, Log, Sqrt, …): int32 input is cast to float32 first, as tfjs does. */
export function floatUnary(graph: GraphBuilder, op: string, onnxOp: string, x: OnnxValue): OnnxValue {
  assertValue(graph, x, op, 'x');
  assertArithmetic(x, op);
  const input = castIfNeeded(graph, x, 'float32');
  return graph.addNode(onnxOp, [input], input);
}

export function square(graph: GraphBuilder, x: OnnxValue): OnnxValue {
  assertValue(graph, x, 'square', 'x');
  assertArithmetic(x, 'square');
  return graph.addNode('Mul', [x, x], x);
}

/** x · sigmoid(x). */
export function silu(graph: GraphBuilder, x: OnnxValue): OnnxValue {
  const sigmoid = floatUnary(graph, 'silu', 'Sigmoid', x);
  return binary(graph, 'silu', 'Mul', castIfNeeded(graph, x, 'float32'), sigmoid);
}

/**
 * Gelu is an ONNX op only from opset 20, so it is composed from opset-17 ops, in the same order as the
 * tfjs implementation:
 * - 'none':  0.5 · x · (1 + erf(x / √2))
 * - 'tanh':  0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))  (Hendrycks & Gimpel 2016)
 */
export function gelu(graph: GraphBuilder, x: OnnxValue, approximate: GeluApproximation = 'tanh'): OnnxValue {
  assertValue(graph, x, 'gelu', 'x');
  assertArithmetic(x, 'gelu');
  if (approximate !== 'tanh' && approximate !== 'none') {
    throw new RangeError(`gelu: approximate must be 'tanh' or 'none', got '${String(approximate)}'`);
  }
  const input = castIfNeeded(graph, x, 'float32');
  const float = (value: number) => scalarValue(graph, value, 'float32');
  const mul = (a: OnnxValue, b: OnnxValue) => binary(graph, 'gelu', 'Mul', a, b);
  const add = (a: OnnxValue, b: OnnxValue) => binary(graph, 'gelu', 'Add', a, b);
  const half = mul(input, float(0.5));
  if (approximate === 'none') {
    const erf = graph.addNode('Erf', [mul(input, float(Math.SQRT1_2))], input);
    return mul(half, add(float(1), erf));
  }
  // x³ as Pow(x, 3), so that onnxruntime's FastGeluFusion (core/optimizer/fast_gelu_fusion.cc, its second
  // formula: Pow → Mul 0.044715 → Add x → Mul √(2/π) → Tanh → Add 1 → Mul (x · 0.5)) recognises the whole
  // subgraph and runs one FastGelu kernel instead of eight passes over the tensor.
  const cube = binary(graph, 'gelu', 'Pow', input, float(3));
  const inner = mul(float(Math.sqrt(2 / Math.PI)), add(input, mul(float(0.044715), cube)));
  return mul(half, add(float(1), graph.addNode('Tanh', [inner], input)));
}

/** onnx Cast (to = TensorProto.DataType); float → int32 truncates toward zero, as tfjs does. */
export function cast(graph: GraphBuilder, x: OnnxValue, dtype: 'float32' | 'int32'): OnnxValue {
  assertValue(graph, x, 'cast', 'x');
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new RangeError(`cast: dtype must be 'float32' or 'int32', got '${String(dtype)}'`);
  }
  if (x.dtype === dtype) return graph.addNode('Identity', [x], x);
  return castIfNeeded(graph, x, dtype);
}
