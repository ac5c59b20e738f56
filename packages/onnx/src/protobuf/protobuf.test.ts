import { describe, expect, it } from 'vitest';
import {
  bytesToString,
  fixed32ToFloat,
  ProtoDecodeError,
  ProtoWriter,
  readFields,
  repeatedVarintValues,
  varintToInt64,
  WireType,
} from './index.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');

describe('ProtoWriter', () => {
  it('encodes the examples of the protobuf encoding guide', () => {
    // https://protobuf.dev/programming-guides/encoding/: field 1 = 150 → 08 96 01; field 2 = "testing".
    expect(hex(new ProtoWriter().varint(1, 150).finish())).toBe('08 96 01');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('12 07 74 65 73 74 69 6e 67');
  });

  it('writes int64 -1 as ten bytes of two’s complement', () => {
    expect(hex(new ProtoWriter().varint(1, -1).finish())).toBe('08 ff ff ff ff ff ff ff ff ff 01');
  });

  it('writes a float as fixed32 little-endian', () => {
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('15 00 00 80 3f');
  });

  it('rejects field numbers out of range and unsafe numbers', () => {
    expect(() => new ProtoWriter().varint(0, 1)).toThrow(/field number 0/);
    expect(() => new ProtoWriter().varint(1, 2 ** 60)).toThrow(/not a safe integer; pass a bigint/);
    expect(() => new ProtoWriter().varint(1, 2n ** 64n)).toThrow(/does not fit in 64 bits/);
  });

  it('shares nested message bytes and reports its length', () => {
    const payload = new Uint8Array(1000).fill(7);
    const inner = new ProtoWriter().bytes(9, payload);
    const outer = new ProtoWriter().varint(1, 3).message(7, inner);
    expect(outer.length).toBe(2 + 1 + 2 + 1 + 2 + 1000);
    expect(outer.finish().length).toBe(outer.length);
  });
});

describe('readFields', () => {
  it('round-trips every wire type the writer produces', () => {
    const values = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER, -1, -(2 ** 40)];
    const writer = new ProtoWriter();
    for (const value of values) writer.varint(3, value);
    writer
      .varint(4, 0xffff_ffff_ffff_ffffn)
      .float(5, -2.5)
      .string(6, 'héllo ✓')
      .bytes(7, new Uint8Array([1, 2]));
    const fields = readFields(writer.finish());
    expect(fields.slice(0, values.length).map((field) => varintToInt64(field.value as bigint))).toEqual(
      values,
    );
    expect(fields[values.length]!.value).toBe(0xffff_ffff_ffff_ffffn);
    expect(fixed32ToFloat(fields[values.length + 1]!.value as number)).toBe(-2.5);
    expect(bytesToString(fields[values.length + 2]!.value as Uint8Array, 0)).toBe('héllo ✓');
    expect([...(fields[values.length + 3]!.value as Uint8Array)]).toEqual([1, 2]);
    expect(fields.map((field) => field.field)).toEqual([...values.map(() => 3), 4, 5, 6, 7]);
  });

  it('reads fixed64 fields', () => {
    const bytes = new Uint8Array([0x09, 1, 0, 0, 0, 0, 0, 0, 0x80]);
    const [field] = readFields(bytes);
    expect(field).toMatchObject({ field: 1, wireType: WireType.Fixed64, value: 0x8000_0000_0000_0001n });
  });

  it('reads both packed and unpacked repeated varints', () => {
    const unpacked = readFields(new ProtoWriter().repeatedVarint(8, [1, 300, -2]).finish());
    expect(unpacked.flatMap(repeatedVarintValues).map((value) => varintToInt64(value))).toEqual([1, 300, -2]);
    const packed = readFields(new Uint8Array([0x42, 0x03, 0x01, 0xac, 0x02]));
    expect(packed.flatMap(repeatedVarintValues)).toEqual([1n, 300n]);
  });

  it('reports absolute offsets inside nested messages', () => {
    const nested = new ProtoWriter().varint(1, 1).finish(); // 2 bytes
    const outer = new ProtoWriter().varint(1, 5).bytes(2, nested).finish();
    const [, field] = readFields(outer);
    expect(field).toMatchObject({ wireType: WireType.LengthDelimited, valueOffset: 4 });
    const broken = new Uint8Array([0x08, 0x05, 0x12, 0x02, 0x08, 0x80]); // nested varint never ends
    const payload = readFields(broken)[1]!;
    if (payload.wireType !== WireType.LengthDelimited) throw new Error('expected a payload');
    expect(() => readFields(payload.value, payload.valueOffset)).toThrow('truncated varint at byte 5');
  });

  it.each([
    ['a truncated varint', [0x08, 0x96], /truncated varint at byte 1/],
    [
      'a truncated length-delimited field',
      [0x08, 0x01, 0x3a, 0x10, 0x01],
      /truncated length-delimited field 7 \(needs 16 bytes, 1 left\) at byte 2/,
    ],
    ['a truncated fixed32', [0x15, 0x00, 0x00], /truncated fixed32 field at byte 0/],
    ['a truncated fixed64', [0x09, 0x00], /truncated fixed64 field at byte 0/],
    ['field number 0', [0x00, 0x01], /field number 0/],
    ['a group', [0x0b], /unsupported group \(wire type 3\)/],
    ['wire type 6', [0x0e], /invalid wire type 6/],
    ['an 11-byte varint', [0x08, ...new Array(10).fill(0xff), 0x01], /varint longer than 10 bytes at byte 1/],
  ])('rejects %s', (_name, bytes, message) => {
    expect(() => readFields(new Uint8Array(bytes))).toThrow(ProtoDecodeError);
    expect(() => readFields(new Uint8Array(bytes))).toThrow(message);
  });

  it('rejects strings that are not UTF-8', () => {
    expect(() => bytesToString(new Uint8Array([0xff, 0xfe]), 12)).toThrow(
      'string field is not valid UTF-8 at byte 12',
    );
  });

  it('refuses int64 values past 2^53 when read as numbers', () => {
    expect(() => varintToInt64(2n ** 60n, 'dims')).toThrow(/dims: int64 .* safe integer range/);
  });
});
