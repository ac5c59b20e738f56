import { TensorDataType } from './onnx-proto.js';

/** latentlab's names for onnx.proto `TensorProto.DataType` values (numpy's for the others). */
const ONNX_TYPE_NAMES: Record<number, string> = {
  [TensorDataType.FLOAT]: 'float32',
  [TensorDataType.UINT8]: 'uint8',
  [TensorDataType.INT8]: 'int8',
  [TensorDataType.INT32]: 'int32',
  [TensorDataType.INT64]: 'int64',
  [TensorDataType.BOOL]: 'bool',
  [TensorDataType.FLOAT16]: 'float16',
  [TensorDataType.DOUBLE]: 'float64',
};

/** 'float32', 'int32', … for an element type; 'onnx type N' for one latentlab does not name. */
export function onnxTypeName(elemType: number): string {
  return ONNX_TYPE_NAMES[elemType] ?? `onnx type ${elemType}`;
}
