/** Row-major element strides of `shape`: the last dimension has stride 1. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return strides;
}

/**
 * Strides that read an operand of `shape` while walking `outputShape` under NumPy broadcasting: the
 * operand's dimensions align to the right, and a dimension of 1 (or a missing one) repeats with stride 0.
 */
export function broadcastStrides(shape: readonly number[], outputShape: readonly number[]): Int32Array {
  const own = contiguousStrides(shape);
  const strides = new Int32Array(outputShape.length);
  const shift = outputShape.length - shape.length;
  for (let axis = shift; axis < outputShape.length; axis++) {
    const extent = shape[axis - shift]!;
    strides[axis] = extent === 1 && outputShape[axis] !== 1 ? 0 : own[axis - shift]!;
  }
  return strides;
}

/** The product of the extents. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const extent of shape) size *= extent;
  return size;
}
