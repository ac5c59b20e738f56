import { type DecodedModel, decodeModel, ModelStructureError } from './onnx-proto-decode.js';
import { ProtoDecodeError } from './protobuf/index.js';
import { OnnxModelError } from './runner-errors.js';

/**
 * Checks that `bytes` are an ONNX ModelProto before they reach onnxruntime, whose own errors for a
 * damaged file are cryptic. Throws OnnxModelError naming `source` (a path, a URL or '<bytes>'):
 * "model.onnx: not an ONNX model: truncated length-delimited field 7 (…) at byte 1234".
 */
export function validateOnnxModel(bytes: Uint8Array, source: string): DecodedModel {
  return decodeNamingSource(bytes, source, decodeModel);
}

/**
 * Runs a ModelProto decoder on `bytes`, turning what it throws for a damaged or foreign file (and a
 * missing or empty buffer) into an OnnxModelError naming `source`.
 */
export function decodeNamingSource<Decoded>(
  bytes: Uint8Array,
  source: string,
  decode: (bytes: Uint8Array) => Decoded,
): Decoded {
  if (!(bytes instanceof Uint8Array)) {
    throw new OnnxModelError(
      source,
      `expected the model as a Uint8Array, got ${Object.prototype.toString.call(bytes)}`,
    );
  }
  if (bytes.length === 0) throw new OnnxModelError(source, 'file is empty');
  try {
    return decode(bytes);
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
