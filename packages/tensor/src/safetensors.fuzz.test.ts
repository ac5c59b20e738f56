import { FUZZ_RUNS } from '@latentlab/fuzz-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSafetensors, SafetensorsError, writeSafetensors } from './safetensors.js';
import { type DType, sizeOf, type Tensor } from './tensor.js';

/**
 * Property: whatever the bytes, readSafetensors returns well-formed tensors or throws a SafetensorsError
 * naming the source — never a RangeError, TypeError or SyntaxError from inside.
 */
function readsOrRejectsCleanly(bytes: Uint8Array): void {
  let contents: ReturnType<typeof readSafetensors>;
  try {
    contents = readSafetensors(bytes, 'fuzz.safetensors');
  } catch (error) {
    if (!(error instanceof SafetensorsError)) throw error;
    expect(error.message.startsWith('fuzz.safetensors: ')).toBe(true);
    return;
  }
  for (const value of contents.tensors.values()) expect(value.data.length).toBe(sizeOf(value.shape));
  for (const value of Object.values(contents.metadata)) expect(typeof value).toBe('string');
}

const ITEM_SIZES: Record<DType, number> = { float32: 4, int32: 4, uint8: 1 };

function tensorFromBytes(dtype: DType, shape: number[], bytes: Uint8Array): Tensor {
  const buffer = bytes.slice().buffer;
  const data =
    dtype === 'float32'
      ? new Float32Array(buffer)
      : dtype === 'int32'
        ? new Int32Array(buffer)
        : new Uint8Array(buffer);
  return { dtype, shape, data };
}

/** Any tensor the writer accepts: every dtype, rank 0 to 4, zero-size dimensions, arbitrary bit patterns. */
const tensorArbitrary: fc.Arbitrary<Tensor> = fc
  .tuple(fc.constantFrom<DType>('float32', 'int32', 'uint8'), fc.array(fc.nat({ max: 4 }), { maxLength: 4 }))
  .chain(([dtype, shape]) => {
    const byteLength = sizeOf(shape) * ITEM_SIZES[dtype];
    return fc
      .uint8Array({ minLength: byteLength, maxLength: byteLength })
      .map((bytes) => tensorFromBytes(dtype, shape, bytes));
  });

const nameArbitrary = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.constant('__proto__'),
  )
  .filter((name) => name !== '__metadata__');

const tensorMapArbitrary = fc
  .uniqueArray(fc.tuple(nameArbitrary, tensorArbitrary), { selector: ([name]) => name, maxLength: 5 })
  .map((entries) => new Map(entries));

const metadataArbitrary = fc.option(
  fc
    .uniqueArray(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ maxLength: 8 })), {
      selector: ([key]) => key,
      maxLength: 3,
    })
    .map((entries) => Object.fromEntries(entries) as Record<string, string>),
  { nil: undefined },
);

const validFileArbitrary = fc
  .tuple(tensorMapArbitrary, metadataArbitrary)
  .map(([tensors, metadata]) => writeSafetensors(tensors, metadata));

/** A byte-level edit of a file: overwrite, truncate, insert or delete (positions taken modulo the length). */
type Edit =
  | { kind: 'set'; position: number; value: number }
  | { kind: 'truncate'; position: number }
  | { kind: 'insert'; position: number; bytes: Uint8Array }
  | { kind: 'delete'; position: number; count: number };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), position: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), position: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    position: fc.nat(),
    bytes: fc.uint8Array({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), position: fc.nat(), count: fc.nat({ max: 8 }) }),
);

function applyEdit(file: Uint8Array, edit: Edit): Uint8Array {
  const position = edit.position % (file.length + 1);
  switch (edit.kind) {
    case 'set': {
      const copy = file.slice();
      if (position < copy.length) copy[position] = edit.value;
      return copy;
    }
    case 'truncate':
      return file.slice(0, position);
    case 'insert':
      return Uint8Array.from([...file.subarray(0, position), ...edit.bytes, ...file.subarray(position)]);
    case 'delete':
      return Uint8Array.from([...file.subarray(0, position), ...file.subarray(position + edit.count)]);
  }
}

/** A file with a correct length prefix around an arbitrary header text, so the JSON checks are reached. */
function withHeader(headerText: string, data: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(headerText);
  const file = new Uint8Array(8 + header.length + data.length);
  new DataView(file.buffer).setUint32(0, header.length, true);
  file.set(header, 8);
  file.set(data, 8 + header.length);
  return file;
}

/** Header entries built from plausible and implausible parts, to reach every per-field check. */
const entryArbitrary = fc.record(
  {
    dtype: fc.oneof(fc.constantFrom('F32', 'I32', 'U8', 'F16', 'BF16', ''), fc.jsonValue()),
    shape: fc.oneof(fc.array(fc.nat({ max: 5 }), { maxLength: 3 }), fc.jsonValue()),
    data_offsets: fc.oneof(fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 40 })), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

const headerArbitrary = fc.oneof(
  fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constant('__metadata__')), entryArbitrary, {
    maxKeys: 4,
  }),
  fc.jsonValue(),
);

describe('readSafetensors under fuzzing', () => {
  const numRuns = FUZZ_RUNS;

  it('random bytes are read or rejected with a SafetensorsError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), readsOrRejectsCleanly), { numRuns });
    // Small little-endian length prefixes, so the header parser sees the random bytes too.
    fc.assert(
      fc.property(fc.nat({ max: 64 }), fc.uint8Array({ maxLength: 120 }), (length, rest) => {
        const file = new Uint8Array(8 + rest.length);
        file[0] = length;
        file.set(rest, 8);
        readsOrRejectsCleanly(file);
      }),
      { numRuns },
    );
  });

  it('random JSON headers are read or rejected with a SafetensorsError', () => {
    fc.assert(
      fc.property(headerArbitrary, fc.uint8Array({ maxLength: 48 }), (header, data) => {
        readsOrRejectsCleanly(withHeader(JSON.stringify(header) ?? '', data));
      }),
      { numRuns },
    );
  });

  it('valid files with random byte edits, truncations and insertions are read or rejected cleanly', () => {
    fc.assert(
      fc.property(
        validFileArbitrary,
        fc.array(editArbitrary, { minLength: 1, maxLength: 4 }),
        (file, edits) => {
          readsOrRejectsCleanly(edits.reduce(applyEdit, file));
        },
      ),
      { numRuns },
    );
  });

  it('random valid tensor maps round-trip exactly', () => {
    fc.assert(
      fc.property(tensorMapArbitrary, metadataArbitrary, (tensors, metadata) => {
        const read = readSafetensors(writeSafetensors(tensors, metadata), 'round-trip');
        expect(Object.entries(read.metadata).sort()).toEqual(Object.entries(metadata ?? {}).sort());
        expect(read.tensors.size).toBe(tensors.size);
        for (const [name, original] of tensors) {
          const copy = read.tensors.get(name);
          expect(copy?.dtype).toBe(original.dtype);
          expect(copy?.shape).toEqual(original.shape);
          const bytes = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
          expect(bytes(copy!)).toEqual(bytes(original));
        }
      }),
      { numRuns: 500 },
    );
  });
});
