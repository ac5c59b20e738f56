import { MAX_FIELD_NUMBER, WireType } from './wire-type.js';

const textEncoder = new TextEncoder();

/**
 * A minimal protobuf wire-format writer (https://protobuf.dev/programming-guides/encoding/).
 *
 * Bytes are collected as a list of chunks: an embedded message is appended by reference (its chunks are
 * shared, not copied), so a large tensor's `raw_data` is copied exactly once, by `finish()`.
 */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private scratch: number[] = [];
  private byteLength = 0;

  /** Number of bytes written so far. */
  get length(): number {
    return this.byteLength + this.scratch.length;
  }

  /** A varint field (int32, int64, uint64, enum, bool). Negative values take ten bytes, as int64. */
  varint(field: number, value: number | bigint): this {
    this.key(field, WireType.Varint);
    this.rawVarint(value);
    return this;
  }

  /** One varint field per value: a proto2 `repeated int64` that is not declared packed. */
  repeatedVarint(field: number, values: Iterable<number | bigint>): this {
    for (const value of values) this.varint(field, value);
    return this;
  }

  /** A `float` field: four little-endian bytes (IEEE 754 binary32). */
  float(field: number, value: number): this {
    this.key(field, WireType.Fixed32);
    this.rawFixed32Float(value);
    return this;
  }

  /** One fixed32 field per value: a proto2 `repeated float` that is not declared packed. */
  repeatedFloat(field: number, values: Iterable<number>): this {
    for (const value of values) this.float(field, value);
    return this;
  }

  /** A `string` field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** A `bytes` field. The array is kept by reference until `finish()`; do not modify it before then. */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, WireType.LengthDelimited);
    this.rawVarint(value.length);
    this.append(value);
    return this;
  }

  /** An embedded message field. The nested writer's bytes are shared, not copied. */
  message(field: number, nested: ProtoWriter): this {
    nested.flushScratch();
    this.key(field, WireType.LengthDelimited);
    this.rawVarint(nested.byteLength);
    this.flushScratch();
    for (const chunk of nested.chunks) this.chunks.push(chunk);
    this.byteLength += nested.byteLength;
    return this;
  }

  /** The encoded message as one contiguous array. */
  finish(): Uint8Array {
    this.flushScratch();
    const out = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private key(field: number, wireType: WireType): void {
    if (!Number.isInteger(field) || field < 1 || field > MAX_FIELD_NUMBER) {
      throw new RangeError(`protobuf: field number ${field} is out of range 1..${MAX_FIELD_NUMBER}`);
    }
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) {
        throw new RangeError(`protobuf: varint value ${value} is not a safe integer; pass a bigint`);
      }
      if (value >= 0) {
        // Seven bits per byte, least significant group first; the high bit marks "more bytes follow".
        let rest = value;
        while (rest >= 0x80) {
          this.scratch.push((rest % 0x80) | 0x80);
          rest = Math.floor(rest / 0x80);
        }
        this.scratch.push(rest);
        return;
      }
      value = BigInt(value);
    }
    // int64 is encoded as its 64-bit two's complement, so negative values always take ten bytes.
    let rest = BigInt.asUintN(64, value);
    if (value > 0xffff_ffff_ffff_ffffn || value < -0x8000_0000_0000_0000n) {
      throw new RangeError(`protobuf: varint value ${value} does not fit in 64 bits`);
    }
    while (rest >= 0x80n) {
      this.scratch.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.scratch.push(Number(rest));
  }

  private rawFixed32Float(value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    for (const byte of bytes) this.scratch.push(byte);
  }

  private append(bytes: Uint8Array): void {
    this.flushScratch();
    this.chunks.push(bytes);
    this.byteLength += bytes.length;
  }

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    this.chunks.push(Uint8Array.from(this.scratch));
    this.byteLength += this.scratch.length;
    this.scratch = [];
  }
}
