/** Element types a latentlab tensor can hold. */
export type DType = 'float32' | 'int32' | 'uint8';

/** The typed array that stores each dtype. */
export interface TypedArrayOf {
  float32: Float32Array;
  int32: Int32Array;
  uint8: Uint8Array;
}

export type TypedArray = TypedArrayOf[DType];

/**
 * A plain tensor value: a typed array in row-major (C) order, its shape and its dtype.
 * Framework-free: the same value moves between tfjs, onnxruntime and safetensors files.
 */
export interface Tensor<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: TypedArrayOf[D];
}

/** Thrown when a tensor is built from data that does not fit its shape or dtype. */
export class TensorShapeError extends Error {
  override name = 'TensorShapeError';
}

/** Number of elements of a tensor with this shape (1 for a scalar, shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Checks that every dimension is a non-negative integer; throws a TensorShapeError naming the bad one. */
export function assertValidShape(shape: readonly number[], what = 'tensor'): void {
  shape.forEach((dim, axis) => {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new TensorShapeError(
        `${what}: shape [${shape.join(', ')}] has dimension ${axis} = ${dim}; expected a non-negative integer`,
      );
    }
  });
}

export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array) return 'uint8';
  throw new TensorShapeError(`unsupported typed array ${Object.prototype.toString.call(data)}`);
}

/** Allocates a zero-filled typed array of the given dtype. */
export function allocate<D extends DType>(dtype: D, size: number): TypedArrayOf[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as TypedArrayOf[D];
    case 'int32':
      return new Int32Array(size) as TypedArrayOf[D];
    case 'uint8':
      return new Uint8Array(size) as TypedArrayOf[D];
    default:
      throw new TensorShapeError(`unknown dtype '${String(dtype)}'; expected float32, int32 or uint8`);
  }
}

/**
 * Builds a checked tensor. `data` may be a typed array (used as is, not copied) or a plain number array
 * (copied into a new typed array of `dtype`, default float32). The data length must equal the product of
 * the shape.
 */
export function tensor<D extends DType = 'float32'>(
  data: TypedArrayOf[D] | readonly number[],
  shape: readonly number[],
  dtype?: D,
): Tensor<D> {
  assertValidShape(shape);
  let values: TypedArrayOf[D];
  if (Array.isArray(data)) {
    values = allocate((dtype ?? 'float32') as D, data.length);
    (values as { set(a: readonly number[]): void }).set(data);
  } else {
    values = data as TypedArrayOf[D];
    const actual = dtypeOfArray(values);
    if (dtype !== undefined && actual !== dtype) {
      throw new TensorShapeError(`tensor: data is ${actual} but dtype ${dtype} was requested`);
    }
  }
  const size = sizeOf(shape);
  if (values.length !== size) {
    throw new TensorShapeError(
      `tensor: ${values.length} values do not fit shape [${shape.join(', ')}] (expected ${size})`,
    );
  }
  return { dtype: dtypeOfArray(values) as D, shape: Object.freeze([...shape]), data: values };
}

export function zeros(shape: readonly number[]): Tensor<'float32'> {
  return tensor(new Float32Array(sizeOf(shape)), shape);
}

export function ones(shape: readonly number[]): Tensor<'float32'> {
  return tensor(new Float32Array(sizeOf(shape)).fill(1), shape);
}

/** Scalar-filled float32 tensor. */
export function full(shape: readonly number[], value: number): Tensor<'float32'> {
  return tensor(new Float32Array(sizeOf(shape)).fill(value), shape);
}

/** Largest absolute element-wise difference of two same-shaped tensors or arrays. */
export function maxAbsDiff(a: Tensor | ArrayLike<number>, b: Tensor | ArrayLike<number>): number {
  const x = 'data' in a ? a.data : a;
  const y = 'data' in b ? b.data : b;
  if (x.length !== y.length) {
    throw new TensorShapeError(`maxAbsDiff: lengths differ (${x.length} vs ${y.length})`);
  }
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const diff = Math.abs((x[i] as number) - (y[i] as number));
    if (!(diff <= worst)) worst = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
  }
  return worst;
}
