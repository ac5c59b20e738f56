/**
 * Protocol Buffers wire format essentials, as specified in
 * https://protobuf.dev/programming-guides/encoding/ ("Message Structure"):
 * every field is a key `(field_number << 3) | wire_type` followed by its payload.
 */
export const WireType = {
  /** int32, int64, uint32, uint64, sint32, sint64, bool, enum. */
  Varint: 0,
  /** fixed64, sfixed64, double. */
  Fixed64: 1,
  /** string, bytes, embedded messages, packed repeated fields. */
  LengthDelimited: 2,
  /** Deprecated groups: never written by this package, rejected by the reader. */
  StartGroup: 3,
  EndGroup: 4,
  /** fixed32, sfixed32, float. */
  Fixed32: 5,
} as const;

export type WireType = (typeof WireType)[keyof typeof WireType];

/** The largest field number protobuf allows (2^29 - 1). */
export const MAX_FIELD_NUMBER = 536_870_911;
