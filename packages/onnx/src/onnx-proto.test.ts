import { describe, expect, it } from 'vitest';
import { AttributeType, encodeModel, type ModelProtoData, TensorDataType } from './onnx-proto.js';
import { decodeModel, ModelStructureError } from './onnx-proto-decode.js';
import { decodeGraphSignature, decodeModelMetadata } from './onnx-proto-decode-metadata.js';
import { ProtoDecodeError, ProtoWriter } from './protobuf/index.js';
import { int64RawData } from './tensor-bytes.js';

const model: ModelProtoData = {
  irVersion: 8,
  opsetImports: [{ domain: '', version: 17 }],
  producerName: 'latentlab',
  producerVersion: '9.9.9',
  docString: 'a test model',
  graph: {
    name: 'g',
    nodes: [
      {
        name: 'n0',
        opType: 'Resize',
        inputs: ['x', '', 'scales'],
        outputs: ['y'],
        attributes: [
          { name: 'mode', type: 'string', value: 'nearest' },
          { name: 'f', type: 'float', value: 0.25 },
          { name: 'i', type: 'int', value: -3 },
          { name: 'ints', type: 'ints', value: [1, -1, 2 ** 40] },
          { name: 'floats', type: 'floats', value: [0.5, -1.5] },
          {
            name: 't',
            type: 'tensor',
            value: { name: 'v', dataType: TensorDataType.INT64, dims: [2], rawData: int64RawData([7, -7]) },
          },
        ],
      },
    ],
    initializers: [
      { name: 'scales', dataType: TensorDataType.FLOAT, dims: [4], rawData: new Uint8Array(16) },
    ],
    inputs: [{ name: 'x', elemType: TensorDataType.FLOAT, dims: ['batch', 3, 8, 8] }],
    outputs: [{ name: 'y', elemType: TensorDataType.FLOAT, dims: ['batch', 3, 16, 16] }],
  },
};

describe('ModelProto encoder and decoder', () => {
  it('round-trips a model', () => {
    const decoded = decodeModel(encodeModel(model));
    expect(decoded).toMatchObject({
      irVersion: 8,
      producerName: 'latentlab',
      producerVersion: '9.9.9',
      docString: 'a test model',
      opsetImports: [{ domain: '', version: 17 }],
    });
    expect(decoded.graph.name).toBe('g');
    expect(decoded.graph.inputs).toEqual([{ name: 'x', elemType: 1, dims: ['batch', 3, 8, 8] }]);
    expect(decoded.graph.outputs).toEqual([{ name: 'y', elemType: 1, dims: ['batch', 3, 16, 16] }]);
    expect(decoded.graph.initializers).toEqual([
      { name: 'scales', dataType: 1, dims: [4], rawData: new Uint8Array(16) },
    ]);
    const [node] = decoded.graph.nodes;
    expect(node).toMatchObject({
      name: 'n0',
      opType: 'Resize',
      domain: '',
      inputs: ['x', '', 'scales'],
      outputs: ['y'],
    });
    const attributes = Object.fromEntries(node!.attributes.map((attribute) => [attribute.name, attribute]));
    expect(attributes['mode']).toEqual({ name: 'mode', type: AttributeType.STRING, value: 'nearest' });
    expect(attributes['f']).toEqual({ name: 'f', type: AttributeType.FLOAT, value: 0.25 });
    expect(attributes['i']).toEqual({ name: 'i', type: AttributeType.INT, value: -3 });
    expect(attributes['ints']).toEqual({ name: 'ints', type: AttributeType.INTS, value: [1, -1, 2 ** 40] });
    expect(attributes['floats']).toEqual({ name: 'floats', type: AttributeType.FLOATS, value: [0.5, -1.5] });
    expect(attributes['t']?.value).toMatchObject({ name: 'v', dataType: 7, dims: [2] });
  });

  it('reads packed ints as written by other producers', () => {
    // AttributeProto { name: "ints" (1), ints: packed [1, 2] (8), type: INTS (20) }
    const attribute = new ProtoWriter()
      .string(1, 'axes')
      .bytes(8, new Uint8Array([1, 2]))
      .varint(20, AttributeType.INTS);
    const node = new ProtoWriter().string(4, 'ReduceMean').message(5, attribute);
    const graph = new ProtoWriter().message(1, node);
    const opset = new ProtoWriter().varint(2, 17);
    const bytes = new ProtoWriter().varint(1, 8).message(7, graph).message(8, opset).finish();
    expect(decodeModel(bytes).graph.nodes[0]!.attributes[0]!.value).toEqual([1, 2]);
  });

  it('names the field whose wire type is wrong', () => {
    const bytes = new ProtoWriter().varint(1, 8).varint(7, 3).finish();
    expect(() => decodeModel(bytes)).toThrow(ProtoDecodeError);
    expect(() => decodeModel(bytes)).toThrow(
      'ModelProto.graph (field 7) should be length-delimited, got varint at byte 2',
    );
  });

  it('requires ir_version, graph and opset_import', () => {
    const graph = new ProtoWriter().string(2, 'g');
    const opset = new ProtoWriter().varint(2, 17);
    expect(() => decodeModel(new ProtoWriter().message(7, graph).message(8, opset).finish())).toThrow(
      new ModelStructureError('no ir_version (field 1); the file may be truncated'),
    );
    expect(() => decodeModel(new ProtoWriter().varint(1, 8).message(8, opset).finish())).toThrow(
      'no graph (field 7)',
    );
    expect(() => decodeModel(new ProtoWriter().varint(1, 8).message(7, graph).finish())).toThrow(
      'no opset_import (field 8)',
    );
  });

  it('writes metadata_props as onnx.proto field 14 of StringStringEntryProto { key = 1, value = 2 }', () => {
    const bytes = encodeModel({ ...model, metadataProps: [{ key: 'ab', value: 'xyz' }] });
    // key (14 << 3 | length-delimited) = 0x72, length 9, then key: field 1 "ab", value: field 2 "xyz".
    const entry = [0x72, 9, 0x0a, 2, 0x61, 0x62, 0x12, 3, 0x78, 0x79, 0x7a];
    const start = bytes.indexOf(0x72);
    expect([...bytes.subarray(start, start + entry.length)]).toEqual(entry);
    expect(decodeModel(bytes).metadataProps).toEqual({ ab: 'xyz' });
    expect(decodeModel(encodeModel(model)).metadataProps).toEqual({});
  });

  it('round-trips metadata_props, and reads them without decoding the graph', () => {
    const metadataProps = [
      { key: 'latentlab.model_card', value: '{"format":"latentlab-model-card/1"}' },
      { key: 'note', value: 'ünïcode ✓' },
      { key: '__proto__', value: 'a plain key' },
    ];
    const bytes = encodeModel({ ...model, metadataProps });
    const expected = Object.fromEntries(metadataProps.map(({ key, value }) => [key, value]));
    expect(decodeModel(bytes).metadataProps).toEqual(expected);
    const { metadataProps: read, graph } = decodeModelMetadata(bytes);
    expect(read).toEqual(expected);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(decodeGraphSignature(graph)).toEqual({
      inputs: decodeModel(bytes).graph.inputs,
      outputs: decodeModel(bytes).graph.outputs,
    });
  });

  it('refuses a repeated metadata key when writing, and lets the last one win when reading', () => {
    const twice = [
      { key: 'k', value: '1' },
      { key: 'k', value: '2' },
    ];
    expect(() => encodeModel({ ...model, metadataProps: twice })).toThrow(
      "ONNX metadata_props: key 'k' appears twice",
    );
    const entry = (value: string) => new ProtoWriter().string(1, 'k').string(2, value);
    const bytes = new ProtoWriter()
      .varint(1, 8)
      .message(14, entry('1'))
      .message(7, new ProtoWriter().string(2, 'g'))
      .message(8, new ProtoWriter().varint(2, 17))
      .message(14, entry('2'))
      .finish();
    expect(decodeModel(bytes).metadataProps).toEqual({ k: '2' });
    expect(decodeModelMetadata(bytes).metadataProps).toEqual({ k: '2' });
  });

  it('names a metadata entry of the wrong wire type, and requires the ModelProto fields', () => {
    const bytes = new ProtoWriter().varint(1, 8).varint(14, 3).finish();
    expect(() => decodeModelMetadata(bytes)).toThrow(
      'ModelProto.metadata_props (field 14) should be length-delimited, got varint at byte 2',
    );
    const noGraph = new ProtoWriter().varint(1, 8).message(8, new ProtoWriter().varint(2, 17)).finish();
    expect(() => decodeModelMetadata(noGraph)).toThrow(
      new ModelStructureError('no graph (field 7); the file may be truncated'),
    );
  });
});
