import {
  AttributeProtoField,
  AttributeType,
  DimensionField,
  GraphProtoField,
  ModelProtoField,
  NodeProtoField,
  type OperatorSetId,
  OperatorSetIdField,
  StringStringEntryField,
  TensorProtoField,
  TensorShapeProtoField,
  TypeProtoField,
  TypeProtoTensorField,
  ValueInfoProtoField,
} from './onnx-proto.js';
import {
  floatOf,
  int64Of,
  messageOf,
  type Payload,
  repeatedFloatValues,
  stringOf,
} from './onnx-proto-fields.js';
import { readFields, repeatedVarintValues, varintToInt64 } from './protobuf/index.js';

/**
 * A decoder for enough of onnx.proto's ModelProto to describe a model: its opsets, graph inputs and
 * outputs, nodes and initializers (field numbers in ./onnx-proto.ts). Tensor payloads are not copied.
 * Every field it reads is checked against the wire type the schema gives it, so a file that is not an
 * ONNX model fails with a ProtoDecodeError naming the field and the byte offset.
 */

export interface DecodedValueInfo {
  readonly name: string;
  /** TensorProto.DataType of the elements (0 when the type is not a tensor type). */
  readonly elemType: number;
  /** Per dimension: dim_value, dim_param, or null when neither is set; null when no shape is given. */
  readonly dims: readonly (number | string | null)[] | null;
}

export interface DecodedTensor {
  readonly name: string;
  readonly dataType: number;
  readonly dims: readonly number[];
  /** raw_data, when the tensor stores its elements there (a view into the model bytes). */
  readonly rawData: Uint8Array | null;
}

export interface DecodedAttribute {
  readonly name: string;
  /** AttributeProto.AttributeType. */
  readonly type: number;
  readonly value: number | string | readonly number[] | DecodedTensor | null;
}

export interface DecodedNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly DecodedAttribute[];
}

export interface DecodedGraph {
  readonly name: string;
  readonly nodes: readonly DecodedNode[];
  readonly initializers: readonly DecodedTensor[];
  readonly inputs: readonly DecodedValueInfo[];
  readonly outputs: readonly DecodedValueInfo[];
}

export interface DecodedModel {
  readonly irVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString: string;
  readonly opsetImports: readonly OperatorSetId[];
  /** ModelProto.metadata_props by key (a repeated key: the last entry wins, as in a protobuf map). */
  readonly metadataProps: Readonly<Record<string, string>>;
  readonly graph: DecodedGraph;
}

/** Well-formed protobuf that lacks what every ModelProto must have (onnx.proto: ir_version, graph, opset_import). */
export class ModelStructureError extends Error {
  override name = 'ModelStructureError';
}

/**
 * Decodes a ModelProto. Throws ProtoDecodeError when the bytes are not well-formed protobuf (or a field
 * has the wrong wire type), ModelStructureError when a required ModelProto field is missing.
 */
export function decodeModel(bytes: Uint8Array): DecodedModel {
  if (bytes.length === 0) throw new ModelStructureError('empty input');
  let irVersion: number | undefined;
  let graph: DecodedGraph | undefined;
  let producerName = '';
  let producerVersion = '';
  let docString = '';
  const opsetImports: OperatorSetId[] = [];
  const metadata = new Map<string, string>();
  for (const field of readFields(bytes)) {
    switch (field.field) {
      case ModelProtoField.irVersion:
        irVersion = int64Of(field, 'ModelProto.ir_version');
        break;
      case ModelProtoField.producerName:
        producerName = stringOf(field, 'ModelProto.producer_name');
        break;
      case ModelProtoField.producerVersion:
        producerVersion = stringOf(field, 'ModelProto.producer_version');
        break;
      case ModelProtoField.docString:
        docString = stringOf(field, 'ModelProto.doc_string');
        break;
      case ModelProtoField.graph:
        graph = decodeGraph(messageOf(field, 'ModelProto.graph'));
        break;
      case ModelProtoField.opsetImport:
        opsetImports.push(decodeOperatorSetId(messageOf(field, 'ModelProto.opset_import')));
        break;
      case ModelProtoField.metadataProps: {
        const entry = decodeStringStringEntry(messageOf(field, 'ModelProto.metadata_props'));
        metadata.set(entry.key, entry.value);
        break;
      }
    }
  }
  const required = requireModelFields(irVersion, graph, opsetImports.length);
  const metadataProps = Object.fromEntries(metadata);
  return { ...required, producerName, producerVersion, docString, opsetImports, metadataProps };
}

/** The fields every ModelProto must have (onnx.proto); throws ModelStructureError for a missing one. */
export function requireModelFields<Graph>(
  irVersion: number | undefined,
  graph: Graph | undefined,
  opsetCount: number,
): { irVersion: number; graph: Graph } {
  // A missing required field in well-formed protobuf most often means the file was cut at a field boundary.
  const hint = '; the file may be truncated';
  if (irVersion === undefined || irVersion < 1) {
    throw new ModelStructureError(`no ir_version (field 1)${hint}`);
  }
  if (graph === undefined) throw new ModelStructureError(`no graph (field 7)${hint}`);
  if (opsetCount === 0) throw new ModelStructureError(`no opset_import (field 8)${hint}`);
  return { irVersion, graph };
}

/** One StringStringEntryProto (key = 1, value = 2; both default to ''). */
export function decodeStringStringEntry(payload: Payload): { key: string; value: string } {
  let key = '';
  let value = '';
  for (const field of readFields(payload.bytes, payload.offset)) {
    if (field.field === StringStringEntryField.key) key = stringOf(field, 'StringStringEntryProto.key');
    if (field.field === StringStringEntryField.value) value = stringOf(field, 'StringStringEntryProto.value');
  }
  return { key, value };
}

function decodeOperatorSetId(payload: Payload): OperatorSetId {
  let domain = '';
  let version = 0;
  for (const field of readFields(payload.bytes, payload.offset)) {
    if (field.field === OperatorSetIdField.domain) domain = stringOf(field, 'OperatorSetIdProto.domain');
    if (field.field === OperatorSetIdField.version) version = int64Of(field, 'OperatorSetIdProto.version');
  }
  return { domain, version };
}

function decodeGraph(payload: Payload): DecodedGraph {
  let name = '';
  const nodes: DecodedNode[] = [];
  const initializers: DecodedTensor[] = [];
  const inputs: DecodedValueInfo[] = [];
  const outputs: DecodedValueInfo[] = [];
  for (const field of readFields(payload.bytes, payload.offset)) {
    switch (field.field) {
      case GraphProtoField.node:
        nodes.push(decodeNode(messageOf(field, 'GraphProto.node')));
        break;
      case GraphProtoField.name:
        name = stringOf(field, 'GraphProto.name');
        break;
      case GraphProtoField.initializer:
        initializers.push(decodeTensor(messageOf(field, 'GraphProto.initializer')));
        break;
      case GraphProtoField.input:
        inputs.push(decodeValueInfo(messageOf(field, 'GraphProto.input')));
        break;
      case GraphProtoField.output:
        outputs.push(decodeValueInfo(messageOf(field, 'GraphProto.output')));
        break;
    }
  }
  return { name, nodes, initializers, inputs, outputs };
}

function decodeNode(payload: Payload): DecodedNode {
  let name = '';
  let opType = '';
  let domain = '';
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: DecodedAttribute[] = [];
  for (const field of readFields(payload.bytes, payload.offset)) {
    switch (field.field) {
      case NodeProtoField.input:
        inputs.push(stringOf(field, 'NodeProto.input'));
        break;
      case NodeProtoField.output:
        outputs.push(stringOf(field, 'NodeProto.output'));
        break;
      case NodeProtoField.name:
        name = stringOf(field, 'NodeProto.name');
        break;
      case NodeProtoField.opType:
        opType = stringOf(field, 'NodeProto.op_type');
        break;
      case NodeProtoField.domain:
        domain = stringOf(field, 'NodeProto.domain');
        break;
      case NodeProtoField.attribute:
        attributes.push(decodeAttribute(messageOf(field, 'NodeProto.attribute')));
        break;
    }
  }
  return { name, opType, domain, inputs, outputs, attributes };
}

function decodeAttribute(payload: Payload): DecodedAttribute {
  let name = '';
  let type = 0;
  let single: number | string | DecodedTensor | null = null;
  const floats: number[] = [];
  const ints: number[] = [];
  for (const field of readFields(payload.bytes, payload.offset)) {
    switch (field.field) {
      case AttributeProtoField.name:
        name = stringOf(field, 'AttributeProto.name');
        break;
      case AttributeProtoField.type:
        type = int64Of(field, 'AttributeProto.type');
        break;
      case AttributeProtoField.f:
        single = floatOf(field, 'AttributeProto.f');
        break;
      case AttributeProtoField.i:
        single = int64Of(field, 'AttributeProto.i');
        break;
      case AttributeProtoField.s:
        single = stringOf(field, 'AttributeProto.s');
        break;
      case AttributeProtoField.t:
        single = decodeTensor(messageOf(field, 'AttributeProto.t'));
        break;
      case AttributeProtoField.floats:
        floats.push(...repeatedFloatValues(field, 'AttributeProto.floats'));
        break;
      case AttributeProtoField.ints:
        for (const value of repeatedVarintValues(field))
          ints.push(varintToInt64(value, 'AttributeProto.ints'));
        break;
    }
  }
  const value = type === AttributeType.FLOATS ? floats : type === AttributeType.INTS ? ints : single;
  return { name, type, value };
}

function decodeTensor(payload: Payload): DecodedTensor {
  let name = '';
  let dataType = 0;
  let rawData: Uint8Array | null = null;
  const dims: number[] = [];
  for (const field of readFields(payload.bytes, payload.offset)) {
    switch (field.field) {
      case TensorProtoField.dims:
        for (const value of repeatedVarintValues(field)) dims.push(varintToInt64(value, 'TensorProto.dims'));
        break;
      case TensorProtoField.dataType:
        dataType = int64Of(field, 'TensorProto.data_type');
        break;
      case TensorProtoField.name:
        name = stringOf(field, 'TensorProto.name');
        break;
      case TensorProtoField.rawData:
        rawData = messageOf(field, 'TensorProto.raw_data').bytes;
        break;
    }
  }
  return { name, dataType, dims, rawData };
}

export function decodeValueInfo(payload: Payload): DecodedValueInfo {
  let name = '';
  let elemType = 0;
  let dims: (number | string | null)[] | null = null;
  for (const field of readFields(payload.bytes, payload.offset)) {
    if (field.field === ValueInfoProtoField.name) name = stringOf(field, 'ValueInfoProto.name');
    if (field.field !== ValueInfoProtoField.type) continue;
    const type = messageOf(field, 'ValueInfoProto.type');
    for (const typeField of readFields(type.bytes, type.offset)) {
      if (typeField.field !== TypeProtoField.tensorType) continue;
      const tensorType = messageOf(typeField, 'TypeProto.tensor_type');
      for (const tensorField of readFields(tensorType.bytes, tensorType.offset)) {
        if (tensorField.field === TypeProtoTensorField.elemType) {
          elemType = int64Of(tensorField, 'TypeProto.Tensor.elem_type');
        }
        if (tensorField.field === TypeProtoTensorField.shape) {
          dims = decodeShape(messageOf(tensorField, 'TypeProto.Tensor.shape'));
        }
      }
    }
  }
  return { name, elemType, dims };
}

function decodeShape(payload: Payload): (number | string | null)[] {
  const dims: (number | string | null)[] = [];
  for (const field of readFields(payload.bytes, payload.offset)) {
    if (field.field !== TensorShapeProtoField.dim) continue;
    let dim: number | string | null = null;
    const dimension = messageOf(field, 'TensorShapeProto.dim');
    for (const dimField of readFields(dimension.bytes, dimension.offset)) {
      if (dimField.field === DimensionField.dimValue) dim = int64Of(dimField, 'Dimension.dim_value');
      if (dimField.field === DimensionField.dimParam) dim = stringOf(dimField, 'Dimension.dim_param');
    }
    dims.push(dim);
  }
  return dims;
}
