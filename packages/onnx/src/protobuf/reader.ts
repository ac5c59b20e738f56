import { WireType } from './wire-type.js';

/** Thrown for bytes that are not a well-formed protobuf message; `offset` is the byte where it went wrong. */
export class ProtoDecodeError extends Error {
  override name = 'ProtoDecodeError';
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at byte ${offset}`);
  }
}

interface FieldPosition {
  /** Field number from the key. */
  readonly field: number;
  /** Absolute byte offset of the field's key. */
  readonly offset: number;
}

/**
 * One field as it appears on the wire. Numbers keep their raw wire form: varints and fixed64 as unsigned
 * 64-bit bigints, fixed32 as its unsigned 32-bit pattern; `valueOffset` is where a length-delimited
 * payload starts (to report absolute offsets when the payload is decoded as a nested message).
 */
export type ProtoField = FieldPosition &
  (
    | { readonly wireType: typeof WireType.Varint; readonly value: bigint }
    | { readonly wireType: typeof WireType.Fixed64; readonly value: bigint }
    | {
        readonly wireType: typeof WireType.LengthDelimited;
        readonly value: Uint8Array;
        readonly valueOffset: number;
      }
    | { readonly wireType: typeof WireType.Fixed32; readonly value: number }
  );

const WIRE_TYPE_NAMES: Record<number, string> = {
  [WireType.Varint]: 'varint',
  [WireType.Fixed64]: 'fixed64',
  [WireType.LengthDelimited]: 'length-delimited',
  [WireType.Fixed32]: 'fixed32',
};

/** Human-readable name of a wire type ('varint', 'length-delimited', …). */
export function wireTypeName(wireType: number): string {
  return WIRE_TYPE_NAMES[wireType] ?? `wire type ${wireType}`;
}

/**
 * Walks one message's fields in order (https://protobuf.dev/programming-guides/encoding/).
 * `baseOffset` is the absolute position of `bytes` in the enclosing file, so errors in nested messages
 * report file offsets. Throws ProtoDecodeError for truncated or malformed input; groups are rejected.
 */
export function readFields(bytes: Uint8Array, baseOffset = 0): ProtoField[] {
  const fields: ProtoField[] = [];
  let position = 0;
  while (position < bytes.length) {
    const offset = baseOffset + position;
    const key = readVarint(bytes, position, baseOffset);
    position = key.next;
    const field = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    if (field === 0) throw new ProtoDecodeError('field number 0 (invalid key)', offset);
    if (key.value >> 3n > 536_870_911n) throw new ProtoDecodeError('field number out of range', offset);
    switch (wireType) {
      case WireType.Varint: {
        const value = readVarint(bytes, position, baseOffset);
        position = value.next;
        fields.push({ field, offset, wireType, value: value.value });
        break;
      }
      case WireType.Fixed64: {
        if (position + 8 > bytes.length) throw new ProtoDecodeError('truncated fixed64 field', offset);
        const view = new DataView(bytes.buffer, bytes.byteOffset + position, 8);
        fields.push({ field, offset, wireType, value: view.getBigUint64(0, true) });
        position += 8;
        break;
      }
      case WireType.LengthDelimited: {
        const length = readVarint(bytes, position, baseOffset);
        position = length.next;
        const remaining = bytes.length - position;
        if (length.value > BigInt(remaining)) {
          throw new ProtoDecodeError(
            `truncated length-delimited field ${field} (needs ${length.value} bytes, ${remaining} left)`,
            offset,
          );
        }
        const size = Number(length.value);
        fields.push({
          field,
          offset,
          wireType,
          value: bytes.subarray(position, position + size),
          valueOffset: baseOffset + position,
        });
        position += size;
        break;
      }
      case WireType.Fixed32: {
        if (position + 4 > bytes.length) throw new ProtoDecodeError('truncated fixed32 field', offset);
        const view = new DataView(bytes.buffer, bytes.byteOffset + position, 4);
        fields.push({ field, offset, wireType, value: view.getUint32(0, true) });
        position += 4;
        break;
      }
      case WireType.StartGroup:
      case WireType.EndGroup:
        throw new ProtoDecodeError(`unsupported group (wire type ${wireType}) in field ${field}`, offset);
      default:
        throw new ProtoDecodeError(`invalid wire type ${wireType} in field ${field}`, offset);
    }
  }
  return fields;
}

function readVarint(bytes: Uint8Array, start: number, baseOffset: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let position = start; position < bytes.length && position < start + 10; position++) {
    const byte = bytes[position]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: position + 1 };
    shift += 7n;
  }
  if (start + 10 <= bytes.length) {
    throw new ProtoDecodeError('varint longer than 10 bytes', baseOffset + start);
  }
  throw new ProtoDecodeError('truncated varint', baseOffset + start);
}

/** A varint read as a signed int64 (two's complement), as a number; throws past 2^53. */
export function varintToInt64(value: bigint, what = 'value'): number {
  const signed = BigInt.asIntN(64, value);
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what}: int64 ${signed} is outside the safe integer range`);
  }
  return Number(signed);
}

/** A fixed32 bit pattern read as an IEEE 754 binary32 float. */
export function fixed32ToFloat(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits, true);
  return view.getFloat32(0, true);
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a length-delimited payload as UTF-8; throws ProtoDecodeError for invalid UTF-8. */
export function bytesToString(bytes: Uint8Array, offset: number): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new ProtoDecodeError('string field is not valid UTF-8', offset);
  }
}

/**
 * The values of a repeated varint field occurrence: one value when written unpacked, all of them when
 * written packed (a length-delimited run of varints). Parsers must accept both forms
 * (https://protobuf.dev/programming-guides/encoding/#packed).
 */
export function repeatedVarintValues(field: ProtoField): bigint[] {
  if (field.wireType === WireType.Varint) return [field.value];
  if (field.wireType !== WireType.LengthDelimited) {
    throw new ProtoDecodeError(
      `field ${field.field} should be a varint, got ${wireTypeName(field.wireType)}`,
      field.offset,
    );
  }
  const values: bigint[] = [];
  let position = 0;
  while (position < field.value.length) {
    const value = readVarint(field.value, position, field.valueOffset);
    values.push(value.value);
    position = value.next;
  }
  return values;
}
