import { broadcastShapes, type DType } from '@latentlab/tensor';
import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import { describeValue, type OnnxValue } from '../onnx-value.js';
import { ONNX_DATA_TYPE } from '../tensor-bytes.js';
import { UnsupportedOpError } from '../unsupported-op-error.js';

/** Throws unless `value` is a value of this graph (not a Tensor, not a value of another export). */
export function assertValue(graph: GraphBuilder, value: unknown, op: string, argument: string): OnnxValue {
  if (graph.owns(value)) return value;
  const got =
    typeof value === 'object' && value !== null && 'data' in value
      ? 'a plain Tensor (wrap fixed tensors with ops.constant())'
      : typeof value === 'object' && value !== null && 'name' in value
        ? 'a value of another ONNX graph'
        : String(value);
  throw new TypeError(`${op}: ${argument} must be a value of this ONNX graph, got ${got}`);
}

export function assertRank(x: OnnxValue, rank: number, op: string, what: string): void {
  if (x.shape.length !== rank) {
    throw new RangeError(`${op}: ${what} must have rank ${rank}, got ${describeValue(x)}`);
  }
}

/** float32 and int32 are the arithmetic dtypes; uint8 only moves through shape ops and casts. */
export function assertArithmetic(x: OnnxValue, op: string): void {
  if (x.dtype === 'uint8') {
    throw new UnsupportedOpError(
      op,
      `ONNX export: ${op} does not take uint8 values; cast to float32 or int32 first`,
    );
  }
}

/** Throws when an axis that must have a fixed size in the graph is dynamic. */
export function assertStaticAxis(x: OnnxValue, axis: number, op: string, what: string): void {
  if (x.dynamic[axis]) {
    throw new RangeError(
      `${op}: ${what} (axis ${axis}) of ${describeValue(x)} is dynamic in the exported graph; it must have a fixed size`,
    );
  }
}

/** A static shape with its dynamic mask. */
export interface ShapeWithMask {
  readonly shape: readonly number[];
  readonly dynamic: readonly boolean[];
}

/** `[2, 3, 4] (dynamic: 0)` */
export function describeShape(value: ShapeWithMask): string {
  const dynamicAxes = value.dynamic.flatMap((isDynamic, axis) => (isDynamic ? [axis] : []));
  return `[${value.shape.join(', ')}]${dynamicAxes.length > 0 ? ` (dynamic: ${dynamicAxes.join(', ')})` : ''}`;
}

/**
 * NumPy broadcasting of static shapes plus the dynamic mask: an output dimension is dynamic when an input
 * dimension it comes from is dynamic. A dynamic dimension may only meet 1 or another dynamic dimension:
 * meeting a fixed size would make the graph valid for that one size only.
 */
export function broadcastTypes(a: ShapeWithMask, b: ShapeWithMask, op: string): ShapeWithMask {
  const shape = broadcastShapes(a.shape, b.shape, op);
  const rank = shape.length;
  const dynamic = shape.map((_, axis) => {
    const axisA = axis - (rank - a.shape.length);
    const axisB = axis - (rank - b.shape.length);
    const dynamicA = axisA >= 0 && a.dynamic[axisA] === true;
    const dynamicB = axisB >= 0 && b.dynamic[axisB] === true;
    const sizeA = axisA >= 0 ? a.shape[axisA]! : 1;
    const sizeB = axisB >= 0 ? b.shape[axisB]! : 1;
    if (dynamicA !== dynamicB) {
      const fixedSize = dynamicA ? sizeB : sizeA;
      if (fixedSize !== 1) {
        throw new RangeError(
          `${op}: a dynamic dimension meets a fixed size ${fixedSize} (shapes ${describeShape(a)} and ${describeShape(b)}); ` +
            'with a dynamic batch the other operand must have size 1 (or the same dynamic size) there',
        );
      }
    }
    return dynamicA || dynamicB;
  });
  return { shape, dynamic };
}

/** The dtype both operands of a binary op are computed in: float32 if either is, else int32. */
export function promotedDtype(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'float32' || b === 'float32') return 'float32';
  return 'int32';
}

/** Casts `x` to `dtype` (onnx Cast, `to` = TensorProto.DataType) unless it already has it. */
export function castIfNeeded(graph: GraphBuilder, x: OnnxValue, dtype: DType): OnnxValue {
  if (x.dtype === dtype) return x;
  return graph.addNode('Cast', [x], { shape: x.shape, dtype, dynamic: x.dynamic }, [
    attribute.int('to', ONNX_DATA_TYPE[dtype]),
  ]);
}
