import type { DType, Tensor } from '@latentlab/tensor';
import { TensorDataType } from './onnx-proto.js';

/** ONNX element type of each latentlab dtype (onnx.proto TensorProto.DataType). */
export const ONNX_DATA_TYPE: Record<DType, TensorDataType> = {
  float32: TensorDataType.FLOAT,
  int32: TensorDataType.INT32,
  uint8: TensorDataType.UINT8,
};

const littleEndianPlatform = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The elements of a tensor as TensorProto.raw_data: fixed-width little-endian, row-major
 * (onnx.proto, TensorProto.raw_data). On little-endian platforms this is a view, not a copy.
 */
export function tensorRawData(tensor: Tensor): Uint8Array {
  const { data } = tensor;
  if (littleEndianPlatform || data instanceof Uint8Array) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  data.forEach((value: number, index: number) => {
    if (data instanceof Float32Array) view.setFloat32(index * 4, value, true);
    else view.setInt32(index * 4, value, true);
  });
  return bytes;
}

/** int64 values (shapes, axes, indices of ONNX ops) as little-endian raw_data. */
export function int64RawData(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => {
    view.setBigInt64(index * 8, BigInt(value), true);
  });
  return bytes;
}
