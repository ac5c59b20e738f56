import {
  bytesToString,
  fixed32ToFloat,
  ProtoDecodeError,
  type ProtoField,
  varintToInt64,
  WireType,
  wireTypeName,
} from './protobuf/index.js';

/**
 * Typed access to the fields of an ONNX message: each checks the wire type onnx.proto gives the field
 * and fails with a ProtoDecodeError naming it (`what`, e.g. 'ModelProto.graph') and the byte offset.
 */

type PayloadField = Extract<ProtoField, { wireType: typeof WireType.LengthDelimited }>;

/** A length-delimited payload and its absolute offset in the file. */
export interface Payload {
  readonly bytes: Uint8Array;
  readonly offset: number;
}

export function expectWireType(field: ProtoField, wireType: number, what: string): void {
  if (field.wireType !== wireType) {
    throw new ProtoDecodeError(
      `${what} (field ${field.field}) should be ${wireTypeName(wireType)}, got ${wireTypeName(field.wireType)}`,
      field.offset,
    );
  }
}

export function messageOf(field: ProtoField, what: string): Payload {
  expectWireType(field, WireType.LengthDelimited, what);
  const payload = field as PayloadField;
  return { bytes: payload.value, offset: payload.valueOffset };
}

export function stringOf(field: ProtoField, what: string): string {
  expectWireType(field, WireType.LengthDelimited, what);
  return bytesToString((field as PayloadField).value, field.offset);
}

export function int64Of(field: ProtoField, what: string): number {
  expectWireType(field, WireType.Varint, what);
  try {
    return varintToInt64(field.value as bigint, what);
  } catch (error) {
    throw new ProtoDecodeError((error as Error).message, field.offset);
  }
}

export function floatOf(field: ProtoField, what: string): number {
  expectWireType(field, WireType.Fixed32, what);
  return fixed32ToFloat(field.value as number);
}

export function repeatedFloatValues(field: ProtoField, what: string): number[] {
  if (field.wireType === WireType.Fixed32) return [fixed32ToFloat(field.value)];
  const packed = messageOf(field, what).bytes;
  if (packed.length % 4 !== 0) {
    throw new ProtoDecodeError(`${what}: packed floats of ${packed.length} bytes`, field.offset);
  }
  const view = new DataView(packed.buffer, packed.byteOffset, packed.length);
  return Array.from({ length: packed.length / 4 }, (_, index) => view.getFloat32(index * 4, true));
}
