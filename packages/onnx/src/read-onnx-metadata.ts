import { decodeModelMetadata } from './onnx-proto-decode-metadata.js';
import { decodeNamingSource } from './validate-model.js';

/**
 * An .onnx file's ModelProto.metadata_props (onnx.proto field 14) as a record, decoding nothing else
 * (the graph is walked over, not read). A truncated, empty or non-ONNX file throws an OnnxModelError
 * naming `source`, as the runners do.
 */
export function readOnnxMetadata(bytes: Uint8Array, source = '<bytes>'): Record<string, string> {
  return decodeNamingSource(bytes, source, decodeModelMetadata).metadataProps;
}
