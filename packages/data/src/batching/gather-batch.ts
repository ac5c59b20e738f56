import { allocate, type DType, type Tensor, tensor } from '@latentlab/tensor';
import { DataArgumentError } from '../errors.js';

/**
 * Rows `indices` of a tensor along its first axis: (N, …rest) → (B, …rest), same dtype, copied.
 * Every index must be an integer in [0, N).
 */
export function gatherRows<D extends DType>(source: Tensor<D>, indices: ArrayLike<number>): Tensor<D> {
  if (source.shape.length === 0) {
    throw new DataArgumentError('gatherRows: a scalar has no rows; expected a tensor of rank ≥ 1');
  }
  const [rowCount, ...rest] = source.shape as [number, ...number[]];
  const rowLength = rest.reduce((product, dim) => product * dim, 1);
  const gathered = allocate(source.dtype, indices.length * rowLength);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= rowCount) {
      throw new DataArgumentError(
        `gatherRows: indices[${i}] = ${row}; expected an integer in [0, ${rowCount})`,
      );
    }
    const rowValues = source.data.subarray(row * rowLength, (row + 1) * rowLength);
    (gathered as { set(values: ArrayLike<number>, offset: number): void }).set(rowValues, i * rowLength);
  }
  return tensor(gathered, [indices.length, ...rest], source.dtype);
}

/**
 * One training batch: the images and labels at `indices`. Works for any image layout whose first axis is the
 * item: uint8 (N, 28, 28) → (B, 28, 28), float32 (N, 1, 28, 28) → (B, 1, 28, 28), points (N, 2) → (B, 2).
 */
export function gatherBatch<D extends DType>(
  images: Tensor<D>,
  labels: Tensor<'int32'>,
  indices: ArrayLike<number>,
): { images: Tensor<D>; labels: Tensor<'int32'> } {
  if (labels.shape[0] !== images.shape[0]) {
    throw new DataArgumentError(
      `gatherBatch: ${images.shape[0]} images but ${labels.shape[0]} labels; expected one label per image`,
    );
  }
  return { images: gatherRows(images, indices), labels: gatherRows(labels, indices) };
}
