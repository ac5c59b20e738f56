import { type Tensor, tensor } from '@latentlab/tensor';
import type { GraphBuilder } from '../graph-builder.js';
import type { OnnxValue } from '../onnx-value.js';

/** A 0-d initializer (broadcasts against anything); equal scalars are stored once. */
export function scalarValue(
  graph: GraphBuilder,
  value: number,
  dtype: 'float32' | 'int32' | 'uint8',
): OnnxValue {
  if (typeof value !== 'number') throw new TypeError(`scalar: expected a number, got ${typeof value}`);
  return graph.addConstant(tensor([value], [], dtype));
}

/** A fixed tensor as an initializer. */
export function constantValue(graph: GraphBuilder, value: Tensor): OnnxValue {
  if (typeof value !== 'object' || value === null || !('data' in value) || !('shape' in value)) {
    throw new TypeError('constant: expected a Tensor ({ dtype, shape, data })');
  }
  // Re-checks that data, shape and dtype agree before the bytes go into the file.
  tensor(value.data, value.shape, value.dtype);
  return graph.addConstant(value);
}
