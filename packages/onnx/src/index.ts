export { checkCardMatchesGraph, type GraphSignature } from './card-graph-agreement.js';
export { type DenoiserTensorNames, denoiserTensorNames } from './denoiser-tensor-names.js';
export { DYNAMIC_EXAMPLE_SIZE, type ExportOnnxOptions, exportOnnx, type OnnxInputSpec } from './export.js';
export { GraphBuilder } from './graph-builder.js';
export { MODEL_CARD_METADATA_KEY } from './model-card-metadata.js';
export { type OnnxDenoiser, type OnnxDenoiserInput, onnxDenoiser } from './onnx-denoiser.js';
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
export { readModelCard } from './read-model-card.js';
export { readOnnxMetadata } from './read-onnx-metadata.js';
export { type DeviceTensor, isDeviceTensor, type OnnxRunner, type OnnxTensorInfo } from './runner.js';
export { OnnxFeedError, OnnxModelError } from './runner-errors.js';
export { UnsupportedOpError } from './unsupported-op-error.js';
export { validateOnnxModel } from './validate-model.js';
export { PACKAGE_VERSION } from './version.js';
