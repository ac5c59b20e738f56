import { GraphProtoField, ModelProtoField } from './onnx-proto.js';
import {
  type DecodedValueInfo,
  decodeStringStringEntry,
  decodeValueInfo,
  ModelStructureError,
  requireModelFields,
} from './onnx-proto-decode.js';
import { int64Of, messageOf, type Payload } from './onnx-proto-fields.js';
import { readFields } from './protobuf/index.js';

/**
 * Reads a ModelProto's metadata_props (field 14) without decoding its graph: the top-level fields are
 * walked (the graph stays a view into `bytes`), and ir_version, graph and opset_import must be there, so a
 * truncated or foreign file fails as in `decodeModel`. `graph` is the GraphProto payload, for
 * `decodeGraphSignature`. A repeated key: the last entry wins, as in a protobuf map.
 */
export function decodeModelMetadata(bytes: Uint8Array): {
  metadataProps: Record<string, string>;
  graph: Payload;
} {
  if (bytes.length === 0) throw new ModelStructureError('empty input');
  let irVersion: number | undefined;
  let graph: Payload | undefined;
  let opsetCount = 0;
  const metadata = new Map<string, string>();
  for (const field of readFields(bytes)) {
    if (field.field === ModelProtoField.irVersion) irVersion = int64Of(field, 'ModelProto.ir_version');
    if (field.field === ModelProtoField.graph) graph = messageOf(field, 'ModelProto.graph');
    if (field.field === ModelProtoField.opsetImport) {
      messageOf(field, 'ModelProto.opset_import');
      opsetCount += 1;
    }
    if (field.field === ModelProtoField.metadataProps) {
      const entry = decodeStringStringEntry(messageOf(field, 'ModelProto.metadata_props'));
      metadata.set(entry.key, entry.value);
    }
  }
  const required = requireModelFields(irVersion, graph, opsetCount);
  return { metadataProps: Object.fromEntries(metadata), graph: required.graph };
}

/** A GraphProto's inputs (field 11) and outputs (field 12), leaving its nodes and initializers undecoded. */
export function decodeGraphSignature(graph: Payload): {
  inputs: DecodedValueInfo[];
  outputs: DecodedValueInfo[];
} {
  const inputs: DecodedValueInfo[] = [];
  const outputs: DecodedValueInfo[] = [];
  for (const field of readFields(graph.bytes, graph.offset)) {
    if (field.field === GraphProtoField.input) {
      inputs.push(decodeValueInfo(messageOf(field, 'GraphProto.input')));
    }
    if (field.field === GraphProtoField.output) {
      outputs.push(decodeValueInfo(messageOf(field, 'GraphProto.output')));
    }
  }
  return { inputs, outputs };
}
