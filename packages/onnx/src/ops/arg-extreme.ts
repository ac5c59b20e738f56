import { normalizeAxis } from '@latentlab/tensor';
import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import { describeValue, type OnnxValue } from '../onnx-value.js';
import { ONNX_DATA_TYPE } from '../tensor-bytes.js';
import { assertArithmetic, assertValue } from './checks.js';
import { reducedType } from './reduce.js';

export type ArgExtreme = 'argmax' | 'argmin';

const ONNX_ARG_EXTREME: Record<ArgExtreme, string> = { argmax: 'ArgMax', argmin: 'ArgMin' };

/**
 * Index of the largest / smallest element along one axis, as int32 with that axis removed.
 * ArgMax / ArgMin (opset 13) with keepdims = 0 and select_last_index = 0: ties give the first index, as
 * tfjs's cpu kernels do (they keep the first strict improvement). Their output is int64 (not a latentlab
 * dtype), so a Cast to int32 follows.
 */
export function argExtreme(graph: GraphBuilder, op: ArgExtreme, x: OnnxValue, axis: number): OnnxValue {
  assertValue(graph, x, op, 'x');
  assertArithmetic(x, op);
  if (typeof axis !== 'number') {
    throw new TypeError(`${op}: axis must be an integer, got ${String(axis)} (for ${describeValue(x)})`);
  }
  const dim = normalizeAxis(axis, x.shape.length, op);
  const indices = graph.addInt64Node(
    ONNX_ARG_EXTREME[op],
    [x],
    [attribute.int('axis', dim), attribute.int('keepdims', 0), attribute.int('select_last_index', 0)],
  ); // int64, x's shape without `dim`
  return graph.addNode('Cast', [indices], { ...reducedType(x, [dim], false), dtype: 'int32' }, [
    attribute.int('to', ONNX_DATA_TYPE.int32),
  ]);
}
