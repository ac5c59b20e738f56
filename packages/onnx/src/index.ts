export { DYNAMIC_EXAMPLE_SIZE, type ExportOnnxOptions, exportOnnx, type OnnxInputSpec } from './export.js';
export { GraphBuilder } from './graph-builder.js';
export { OnnxOps, SUPPORTED_OPS } from './onnx-ops.js';
export { ONNX_IR_VERSION, ONNX_OPSET_VERSION, TensorDataType } from './onnx-proto.js';
export {
  type DecodedAttribute,
  type DecodedGraph,
  type DecodedModel,
  type DecodedNode,
  type DecodedTensor,
  type DecodedValueInfo,
  decodeModel,
  ModelStructureError,
} from './onnx-proto-decode.js';
export type { OnnxValue } from './onnx-value.js';
export { ProtoDecodeError } from './protobuf/index.js';
export type { OnnxRunner, OnnxTensorInfo } from './runner.js';
export { OnnxFeedError, OnnxModelError } from './runner-errors.js';
export { UnsupportedOpError } from './unsupported-op-error.js';
export { validateOnnxModel } from './validate-model.js';
export { PACKAGE_VERSION } from './version.js';
