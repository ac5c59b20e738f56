import { type DecodedModel, decodeModel, ModelStructureError } from './onnx-proto-decode.js';
import { ProtoDecodeError } from './protobuf/index.js';
import { OnnxModelError } from './runner-errors.js';

/**
 * Checks that `bytes` are an ONNX ModelProto before they reach onnxruntime, whose own errors for a
 * damaged file are cryptic. Throws OnnxModelError naming `source` (a path, a URL or '<bytes>'):
 * "model.onnx: not an ONNX model: truncated length-delimited field 7 (…) at byte 1234".
 */
export function validateOnnxModel(bytes: Uint8Array, source: string): DecodedModel {
  if (!(bytes instanceof Uint8Array)) {
    throw new OnnxModelError(
      source,
      `expected the model as a Uint8Array, got ${Object.prototype.toString.call(bytes)}`,
    );
  }
  if (bytes.length === 0) throw new OnnxModelError(source, 'file is empty');
  try {
    return decodeModel(bytes);
  } catch (error) {
    if (error instanceof ProtoDecodeError) {
      throw new OnnxModelError(source, `not an ONNX model: ${error.message}`);
    }
    if (error instanceof ModelStructureError) {
      throw new OnnxModelError(source, `not an ONNX ModelProto: ${error.message}`);
    }
    throw error;
  }
}
