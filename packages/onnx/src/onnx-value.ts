import type { DType } from '@latentlab/tensor';

/**
 * A symbolic tensor of a traced ONNX graph: what `OnnxOps` methods take and return.
 *
 * `shape` is static: a dynamic dimension holds the size it had in the traced example (2 for a dynamic
 * batch). `dynamic[axis]` is true when that dimension follows a dynamic graph-input dimension, so the
 * graph must not bake its traced size into a constant.
 */
export interface OnnxValue {
  /** The value's name in the graph (a graph input, an initializer or a node output). */
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly dynamic: readonly boolean[];
}

/** Shape, dtype and dynamic mask of a value about to be created. */
export interface ValueType {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly dynamic: readonly boolean[];
}

export function isOnnxValue(candidate: unknown): candidate is OnnxValue {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const value = candidate as Partial<OnnxValue>;
  return typeof value.name === 'string' && Array.isArray(value.shape) && Array.isArray(value.dynamic);
}

/** `[2, 3] (dims 0 dynamic)`-style description for error messages. */
export function describeValue(value: OnnxValue): string {
  const dynamicAxes = value.dynamic.flatMap((isDynamic, axis) => (isDynamic ? [axis] : []));
  const suffix = dynamicAxes.length > 0 ? `, dynamic dim ${dynamicAxes.join(', ')}` : '';
  return `${value.dtype} [${value.shape.join(', ')}]${suffix}`;
}
