import type { Tensor } from '@latentlab/tensor';
import { DataArgumentError } from './errors.js';
import { IDX_UINT8 } from './idx.js';

const MAX_RANK = 255;
const MAX_DIMENSION = 0xffffffff;

/**
 * Serialises a uint8 tensor as an IDX file (the inverse of `parseIdx`): magic number 0x000008<rank>,
 * big-endian uint32 dimensions, then the bytes.
 */
export function encodeIdx(array: Tensor<'uint8'>): Uint8Array {
  const rank = array.shape.length;
  if (array.dtype !== 'uint8') {
    throw new DataArgumentError(`encodeIdx: dtype is ${array.dtype}; only uint8 tensors are written`);
  }
  if (rank < 1 || rank > MAX_RANK) {
    throw new DataArgumentError(`encodeIdx: rank ${rank}; expected 1 to ${MAX_RANK} dimensions`);
  }
  const headerBytes = 4 + 4 * rank;
  const bytes = new Uint8Array(headerBytes + array.data.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = IDX_UINT8;
  bytes[3] = rank;
  array.shape.forEach((dim, axis) => {
    if (dim > MAX_DIMENSION) {
      throw new DataArgumentError(`encodeIdx: dimension ${axis} = ${dim} does not fit a uint32`);
    }
    view.setUint32(4 + 4 * axis, dim, false);
  });
  bytes.set(array.data, headerBytes);
  return bytes;
}
