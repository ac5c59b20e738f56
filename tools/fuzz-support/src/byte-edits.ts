import fc from 'fast-check';

/** One byte-level edit: overwrite a byte, truncate, insert a byte, or delete up to 8 bytes. */
export type ByteEdit = ['set' | 'truncate' | 'insert' | 'delete', number, number];

/** Edits at any position (taken modulo the length + 1), of the four kinds. */
export const byteEditArbitrary: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.tuple(fc.constant('set' as const), fc.nat(), fc.nat({ max: 255 })),
  fc.tuple(fc.constant('truncate' as const), fc.nat(), fc.constant(0)),
  fc.tuple(fc.constant('insert' as const), fc.nat(), fc.nat({ max: 255 })),
  fc.tuple(fc.constant('delete' as const), fc.nat(), fc.nat({ max: 8 })),
);

/** `bytes` with one edit applied (a new array; `bytes` is left as it is). */
export function applyByteEdit(bytes: Uint8Array, [kind, at, value]: ByteEdit): Uint8Array {
  const position = at % (bytes.length + 1);
  if (kind === 'set') {
    const copy = bytes.slice();
    if (position < copy.length) copy[position] = value;
    return copy;
  }
  if (kind === 'truncate') return bytes.slice(0, position);
  if (kind === 'insert')
    return Uint8Array.from([...bytes.subarray(0, position), value, ...bytes.subarray(position)]);
  return Uint8Array.from([...bytes.subarray(0, position), ...bytes.subarray(position + value)]);
}
