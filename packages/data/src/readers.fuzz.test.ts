import { gzipSync } from 'node:zlib';
import { applyByteEdit, byteEditArbitrary, FUZZ_RUNS, refusalTally } from '@latentlab/fuzz-support';
import { tensor } from '@latentlab/tensor';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipIfCompressed, gunzipPrefix } from './dataset-file.js';
import { DatasetFormatError } from './errors.js';
import { parseFashionMnistClassFile } from './fashion-mnist-json.js';
import { parseIdx } from './idx.js';
import { encodeIdx } from './idx-encode.js';

// Every reader of this package, fed random and mutated inputs: each input is read (a result that holds
// what the file declares) or refused with a DatasetFormatError naming the source — never another error.
// FUZZ_RUNS raises the count (`pnpm fuzz`); the suite runs a few thousand per reader.
const numRuns = FUZZ_RUNS;
const fuzz = refusalTally([DatasetFormatError]);
afterAll(fuzz.log);

function readOrRefuse<T>(reader: string, read: () => T, check: (result: T) => void): void {
  fuzz.readOrRefuse(reader, read, { source: 'fuzz: ', check });
}

const editArbitrary = byteEditArbitrary;
const edit = applyByteEdit;

const idxFileArbitrary = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc
      .uint8Array({
        minLength: shape.reduce((a, b) => a * b, 1),
        maxLength: shape.reduce((a, b) => a * b, 1),
      })
      .map((data) => encodeIdx(tensor(data, shape, 'uint8'))),
  );

const checkIdx = (read: ReturnType<typeof parseIdx>) =>
  expect(read.data.length).toBe(read.shape.reduce((a, b) => a * b, 1));

describe('IDX under fuzzing', () => {
  it('random bytes and edited valid files are read exactly or refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) =>
        readOrRefuse('idx', () => parseIdx(bytes, 'fuzz'), checkIdx),
      ),
      { numRuns },
    );
    fc.assert(
      fc.property(idxFileArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 3 }), (file, edits) =>
        readOrRefuse('idx', () => parseIdx(edits.reduce(edit, file), 'fuzz'), checkIdx),
      ),
      { numRuns },
    );
  });

  it('edited gzip streams are inflated (within the bound) or refused', () => {
    fc.assert(
      fc.property(
        idxFileArbitrary,
        fc.array(editArbitrary, { minLength: 1, maxLength: 3 }),
        (file, edits) => {
          const stream = edits.reduce(edit, new Uint8Array(gzipSync(file)));
          readOrRefuse('idx.gz', () => parseIdx(gunzipIfCompressed(stream, 'fuzz', 4096), 'fuzz'), checkIdx);
          readOrRefuse(
            'idx.gz header',
            () => gunzipPrefix(stream, 16, 'fuzz'),
            (prefix) => expect(prefix.length).toBeLessThanOrEqual(16),
          );
        },
      ),
      { numRuns },
    );
  });
});

const classFileArbitrary = fc
  .array(
    fc.oneof(fc.constant([] as number[]), fc.array(fc.nat({ max: 255 }), { minLength: 4, maxLength: 4 })),
    {
      maxLength: 4,
    },
  )
  .map((images) => new TextEncoder().encode(JSON.stringify({ data: images })));

describe('Fashion-MNIST class files under fuzzing', () => {
  const checkClass = (read: ReturnType<typeof parseFashionMnistClassFile>) => {
    expect(read.count).toBeGreaterThan(0);
    expect(read.pixels.length).toBe(read.count * 4);
  };
  it('random bytes, random JSON and edited valid files are read or refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) =>
        readOrRefuse('fashion-mnist json', () => parseFashionMnistClassFile(bytes, 'fuzz', 4), checkClass),
      ),
      { numRuns },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) =>
        readOrRefuse(
          'fashion-mnist json',
          () =>
            parseFashionMnistClassFile(new TextEncoder().encode(JSON.stringify({ data: value })), 'fuzz', 4),
          checkClass,
        ),
      ),
      { numRuns },
    );
    fc.assert(
      fc.property(
        classFileArbitrary,
        fc.array(editArbitrary, { minLength: 1, maxLength: 3 }),
        (file, edits) =>
          readOrRefuse(
            'fashion-mnist json',
            () => parseFashionMnistClassFile(edits.reduce(edit, file), 'fuzz', 4),
            checkClass,
          ),
      ),
      { numRuns },
    );
  });

  it('whatever it reads, JSON.parse reads the same pixels (a second implementation)', () => {
    fc.assert(
      fc.property(classFileArbitrary, fc.array(editArbitrary, { maxLength: 2 }), (file, edits) => {
        const bytes = edits.reduce(edit, file);
        let read: ReturnType<typeof parseFashionMnistClassFile>;
        try {
          read = parseFashionMnistClassFile(bytes, 'fuzz', 4);
        } catch (error) {
          if (error instanceof DatasetFormatError) return;
          throw error;
        }
        const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { data: number[][] };
        expect(Array.from(read.pixels)).toEqual(parsed.data.flat());
      }),
      { numRuns },
    );
  });
});
