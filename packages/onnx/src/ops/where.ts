import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import { TensorDataType } from '../onnx-proto.js';
import { describeValue, type OnnxValue } from '../onnx-value.js';
import { assertArithmetic, assertValue, broadcastTypes, castIfNeeded, promotedDtype } from './checks.js';

/**
 * `a` where `condition` is nonzero, else `b`, the three broadcast as NumPy does: Where (opset 16) on a
 * bool condition. latentlab has no bool dtype, so the int32 / float32 condition goes through
 * Cast(to = BOOL), which maps 0 (and −0.0) to false and every other value, NaN included, to true (onnx
 * Operators.md, Cast) — tfjs's `notEqual(condition, 0)` gives the same.
 */
export function where(graph: GraphBuilder, condition: OnnxValue, a: OnnxValue, b: OnnxValue): OnnxValue {
  assertValue(graph, condition, 'where', 'condition');
  assertValue(graph, a, 'where', 'a');
  assertValue(graph, b, 'where', 'b');
  if (condition.dtype !== 'int32' && condition.dtype !== 'float32') {
    throw new TypeError(
      `where: condition must be int32 or float32 (nonzero = true), got ${describeValue(condition)}`,
    );
  }
  assertArithmetic(a, 'where');
  assertArithmetic(b, 'where');
  const dtype = promotedDtype(a.dtype, b.dtype);
  const { shape, dynamic } = broadcastTypes(broadcastTypes(condition, a, 'where'), b, 'where');
  const isTrue = graph.addBoolNode('Cast', [condition], [attribute.int('to', TensorDataType.BOOL)]);
  return graph.addNode('Where', [isTrue, castIfNeeded(graph, a, dtype), castIfNeeded(graph, b, dtype)], {
    shape,
    dtype,
    dynamic,
  });
}
