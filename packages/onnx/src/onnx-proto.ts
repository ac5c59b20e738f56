import { ProtoWriter } from './protobuf/index.js';

/**
 * Encoders for the subset of ONNX's protobuf schema that latentlab writes.
 *
 * Field numbers and enum values are those of onnx/onnx.proto (proto2, IR version 8,
 * https://github.com/onnx/onnx/blob/main/onnx/onnx.proto); each table below names its message.
 */

/** IR version 8 (ONNX 1.10+, 2021-07-30): what opset 17 models are written with. */
export const ONNX_IR_VERSION = 8;
/** The default-domain ("" = ai.onnx) operator set every exported graph binds against. */
export const ONNX_OPSET_VERSION = 17;

/** onnx.proto `TensorProto.DataType` (the values latentlab uses). */
export const TensorDataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;
export type TensorDataType = (typeof TensorDataType)[keyof typeof TensorDataType];

/** onnx.proto `AttributeProto.AttributeType`. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** onnx.proto `message ModelProto`. */
export const ModelProtoField = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  domain: 4,
  modelVersion: 5,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
} as const;

/**
 * onnx.proto `message StringStringEntryProto` (ModelProto.metadata_props = 14 is a repeated one: "named
 * metadata values; keys should be distinct", a proto2 stand-in for `map<string, string>`).
 */
export const StringStringEntryField = { key: 1, value: 2 } as const;

/** onnx.proto `message OperatorSetIdProto`. */
export const OperatorSetIdField = { domain: 1, version: 2 } as const;

/** onnx.proto `message GraphProto`. */
export const GraphProtoField = {
  node: 1,
  name: 2,
  initializer: 5,
  docString: 10,
  input: 11,
  output: 12,
  valueInfo: 13,
} as const;

/** onnx.proto `message NodeProto`. */
export const NodeProtoField = {
  input: 1,
  output: 2,
  name: 3,
  opType: 4,
  attribute: 5,
  docString: 6,
  domain: 7,
} as const;

/** onnx.proto `message AttributeProto`. */
export const AttributeProtoField = {
  name: 1,
  f: 2,
  i: 3,
  s: 4,
  t: 5,
  g: 6,
  floats: 7,
  ints: 8,
  strings: 9,
  type: 20,
} as const;

/** onnx.proto `message TensorProto`. */
export const TensorProtoField = {
  dims: 1,
  dataType: 2,
  floatData: 4,
  int32Data: 5,
  int64Data: 7,
  name: 8,
  rawData: 9,
  dataLocation: 14,
} as const;

/** onnx.proto `message ValueInfoProto`. */
export const ValueInfoProtoField = { name: 1, type: 2, docString: 3 } as const;
/** onnx.proto `message TypeProto` (oneof value: tensor_type = 1). */
export const TypeProtoField = { tensorType: 1 } as const;
/** onnx.proto `message TypeProto.Tensor`. */
export const TypeProtoTensorField = { elemType: 1, shape: 2 } as const;
/** onnx.proto `message TensorShapeProto`. */
export const TensorShapeProtoField = { dim: 1 } as const;
/** onnx.proto `message TensorShapeProto.Dimension` (oneof value: dim_value = 1, dim_param = 2). */
export const DimensionField = { dimValue: 1, dimParam: 2 } as const;

// ---- plain descriptions of the messages ---------------------------------------------------------

/** A TensorProto with its elements in `raw_data` (fixed-width, little-endian, row-major). */
export interface TensorProtoData {
  readonly name: string;
  readonly dataType: TensorDataType;
  readonly dims: readonly number[];
  readonly rawData: Uint8Array;
}

export type AttributeProtoData =
  | { readonly name: string; readonly type: 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'int'; readonly value: number }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'tensor'; readonly value: TensorProtoData }
  | { readonly name: string; readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly name: string; readonly type: 'ints'; readonly value: readonly number[] };

export interface NodeProtoData {
  readonly name: string;
  readonly opType: string;
  /** Value names; an empty string skips an optional input (onnx IR.md, "Optional Inputs and Outputs"). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly AttributeProtoData[];
}

/** A tensor-typed ValueInfoProto: a number is a fixed dim_value, a string a symbolic dim_param. */
export interface ValueInfoProtoData {
  readonly name: string;
  readonly elemType: TensorDataType;
  readonly dims: readonly (number | string)[];
}

export interface GraphProtoData {
  readonly name: string;
  readonly docString?: string;
  readonly nodes: readonly NodeProtoData[];
  readonly initializers: readonly TensorProtoData[];
  readonly inputs: readonly ValueInfoProtoData[];
  readonly outputs: readonly ValueInfoProtoData[];
}

export interface OperatorSetId {
  readonly domain: string;
  readonly version: number;
}

export interface ModelProtoData {
  readonly irVersion: number;
  readonly opsetImports: readonly OperatorSetId[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  /** ModelProto.metadata_props, in order; keys must be distinct. */
  readonly metadataProps?: readonly MetadataEntry[];
  readonly graph: GraphProtoData;
}

/** One StringStringEntryProto. */
export interface MetadataEntry {
  readonly key: string;
  readonly value: string;
}

// ---- encoders -------------------------------------------------------------------------------------

/** Serializes a ModelProto: the bytes of an .onnx file. */
export function encodeModel(model: ModelProtoData): Uint8Array {
  const writer = new ProtoWriter()
    .varint(ModelProtoField.irVersion, model.irVersion)
    .string(ModelProtoField.producerName, model.producerName)
    .string(ModelProtoField.producerVersion, model.producerVersion);
  if (model.docString) writer.string(ModelProtoField.docString, model.docString);
  // metadata_props (14) goes before the graph (7): protobuf readers accept fields in any order, a reader
  // finds the metadata in the file's first bytes, and a file cut anywhere loses its graph or opset_import
  // (which decoding reports as truncation) before it can lose metadata silently.
  const keys = new Set<string>();
  for (const entry of model.metadataProps ?? []) {
    if (keys.has(entry.key)) throw new RangeError(`ONNX metadata_props: key '${entry.key}' appears twice`);
    keys.add(entry.key);
    writer.message(
      ModelProtoField.metadataProps,
      new ProtoWriter()
        .string(StringStringEntryField.key, entry.key)
        .string(StringStringEntryField.value, entry.value),
    );
  }
  writer.message(ModelProtoField.graph, encodeGraph(model.graph));
  for (const opset of model.opsetImports) {
    writer.message(
      ModelProtoField.opsetImport,
      new ProtoWriter()
        .string(OperatorSetIdField.domain, opset.domain)
        .varint(OperatorSetIdField.version, opset.version),
    );
  }
  return writer.finish();
}

export function encodeGraph(graph: GraphProtoData): ProtoWriter {
  const writer = new ProtoWriter();
  for (const node of graph.nodes) writer.message(GraphProtoField.node, encodeNode(node));
  writer.string(GraphProtoField.name, graph.name);
  for (const tensor of graph.initializers) writer.message(GraphProtoField.initializer, encodeTensor(tensor));
  if (graph.docString) writer.string(GraphProtoField.docString, graph.docString);
  for (const input of graph.inputs) writer.message(GraphProtoField.input, encodeValueInfo(input));
  for (const output of graph.outputs) writer.message(GraphProtoField.output, encodeValueInfo(output));
  return writer;
}

export function encodeNode(node: NodeProtoData): ProtoWriter {
  const writer = new ProtoWriter();
  for (const input of node.inputs) writer.string(NodeProtoField.input, input);
  for (const output of node.outputs) writer.string(NodeProtoField.output, output);
  if (node.name) writer.string(NodeProtoField.name, node.name);
  writer.string(NodeProtoField.opType, node.opType);
  for (const attribute of node.attributes)
    writer.message(NodeProtoField.attribute, encodeAttribute(attribute));
  return writer;
}

export function encodeAttribute(attribute: AttributeProtoData): ProtoWriter {
  const writer = new ProtoWriter().string(AttributeProtoField.name, attribute.name);
  switch (attribute.type) {
    case 'float':
      writer.float(AttributeProtoField.f, attribute.value);
      writer.varint(AttributeProtoField.type, AttributeType.FLOAT);
      break;
    case 'int':
      writer.varint(AttributeProtoField.i, attribute.value);
      writer.varint(AttributeProtoField.type, AttributeType.INT);
      break;
    case 'string':
      writer.string(AttributeProtoField.s, attribute.value);
      writer.varint(AttributeProtoField.type, AttributeType.STRING);
      break;
    case 'tensor':
      writer.message(AttributeProtoField.t, encodeTensor(attribute.value));
      writer.varint(AttributeProtoField.type, AttributeType.TENSOR);
      break;
    case 'floats':
      writer.repeatedFloat(AttributeProtoField.floats, attribute.value);
      writer.varint(AttributeProtoField.type, AttributeType.FLOATS);
      break;
    case 'ints':
      writer.repeatedVarint(AttributeProtoField.ints, attribute.value);
      writer.varint(AttributeProtoField.type, AttributeType.INTS);
      break;
  }
  return writer;
}

export function encodeTensor(tensor: TensorProtoData): ProtoWriter {
  return new ProtoWriter()
    .repeatedVarint(TensorProtoField.dims, tensor.dims)
    .varint(TensorProtoField.dataType, tensor.dataType)
    .string(TensorProtoField.name, tensor.name)
    .bytes(TensorProtoField.rawData, tensor.rawData);
}

export function encodeValueInfo(valueInfo: ValueInfoProtoData): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of valueInfo.dims) {
    const dimension =
      typeof dim === 'number'
        ? new ProtoWriter().varint(DimensionField.dimValue, dim)
        : new ProtoWriter().string(DimensionField.dimParam, dim);
    shape.message(TensorShapeProtoField.dim, dimension);
  }
  const tensorType = new ProtoWriter()
    .varint(TypeProtoTensorField.elemType, valueInfo.elemType)
    .message(TypeProtoTensorField.shape, shape);
  return new ProtoWriter()
    .string(ValueInfoProtoField.name, valueInfo.name)
    .message(ValueInfoProtoField.type, new ProtoWriter().message(TypeProtoField.tensorType, tensorType));
}
