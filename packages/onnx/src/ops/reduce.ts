import { normalizeAxes } from '@latentlab/tensor';
import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import type { OnnxValue, ValueType } from '../onnx-value.js';
import { assertArithmetic, assertValue, castIfNeeded } from './checks.js';

export type Reduction = 'sum' | 'mean' | 'max';

const ONNX_REDUCTION: Record<Reduction, string> = { sum: 'ReduceSum', mean: 'ReduceMean', max: 'ReduceMax' };

/**
 * sum / mean / max over `axes` (all axes when undefined). Reducing a dynamic axis is fine.
 * sum and max keep the dtype; mean always gives float32.
 * Opset 17 differs per op: ReduceSum takes the axes as a second (int64) input since opset 13, while
 * ReduceMean and ReduceMax still take an `axes` attribute (they switch to an input in opset 18).
 */
export function reduce(
  graph: GraphBuilder,
  reduction: Reduction,
  x: OnnxValue,
  axes: number | readonly number[] | undefined,
  keepDims = false,
): OnnxValue {
  assertValue(graph, x, reduction, 'x');
  assertArithmetic(x, reduction);
  // The mean of int32 values is a float32, as in tfjs (its Mean kernel casts first).
  if (reduction === 'mean') x = castIfNeeded(graph, x, 'float32');
  const reduced = normalizeAxes(axes, x.shape.length, reduction);
  // No axes: nothing to reduce (an empty `axes` would mean "all axes" to ONNX).
  if (reduced.length === 0) return graph.addNode('Identity', [x], x);
  const output = reducedType(x, reduced, keepDims);
  const keepdims = attribute.int('keepdims', keepDims ? 1 : 0);
  if (reduction === 'sum') {
    return graph.addNode('ReduceSum', [x, graph.int64Constant(reduced)], output, [keepdims]);
  }
  return graph.addNode(ONNX_REDUCTION[reduction], [x], output, [attribute.ints('axes', reduced), keepdims]);
}

/** Shape after reducing `axes` (sorted, non-negative): dropped, or kept as static 1s. */
export function reducedType(x: OnnxValue, axes: readonly number[], keepDims: boolean): ValueType {
  const shape: number[] = [];
  const dynamic: boolean[] = [];
  x.shape.forEach((size, axis) => {
    if (!axes.includes(axis)) {
      shape.push(size);
      dynamic.push(x.dynamic[axis] === true);
    } else if (keepDims) {
      shape.push(1);
      dynamic.push(false);
    }
  });
  return { shape, dtype: x.dtype, dynamic };
}
