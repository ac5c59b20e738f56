import { tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from './errors.js';
import { expectIdxShape, parseIdx } from './idx.js';
import { encodeIdx } from './idx-encode.js';

const SOURCE = 'fixture-images-idx3-ubyte';

/** A hand-built IDX file: magic bytes, big-endian dimensions, then the payload. */
function idxBytes(magic: [number, number, number, number], dims: number[], payload: number[]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set(magic);
  const view = new DataView(header.buffer);
  for (const [axis, dim] of dims.entries()) view.setUint32(4 + 4 * axis, dim, false);
  return Uint8Array.from([...header, ...payload]);
}

function formatError(run: () => unknown): DatasetFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFormatError);
    const formatError = error as DatasetFormatError;
    expect(formatError.message).toContain(SOURCE);
    expect(formatError.source).toBe(SOURCE);
    return formatError;
  }
  throw new Error('expected a DatasetFormatError');
}

describe('parseIdx', () => {
  it('reads a hand-built 3-D file: big-endian dims, row-major payload', () => {
    const payload = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
    const parsed = parseIdx(idxBytes([0, 0, 0x08, 3], [2, 2, 3], payload), SOURCE, 3);
    expect(parsed.dtype).toBe('uint8');
    expect(parsed.shape).toEqual([2, 2, 3]);
    expect(Array.from(parsed.data)).toEqual(payload);
  });

  it('reads dimensions above 255 (all four big-endian bytes)', () => {
    const parsed = parseIdx(idxBytes([0, 0, 0x08, 1], [300], new Array(300).fill(7)), SOURCE, 1);
    expect(parsed.shape).toEqual([300]);
  });

  it('round-trips through encodeIdx, and copies the data', () => {
    const original = tensor(
      Uint8Array.from({ length: 24 }, (_, i) => i * 10),
      [2, 3, 4],
      'uint8',
    );
    const bytes = encodeIdx(original);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 8, 3]);
    const parsed = parseIdx(bytes, SOURCE, 3);
    expect(parsed.shape).toEqual([2, 3, 4]);
    expect(parsed.data).toEqual(original.data);
    bytes[bytes.length - 1] = 0;
    expect(parsed.data[23]).toBe(230);
  });

  it('rejects a file without the two zero bytes (magic number)', () => {
    const error = formatError(() => parseIdx(idxBytes([0x1f, 0x8b, 0x08, 3], [1, 1, 1], [0]), SOURCE, 3));
    expect(error.field).toBe('magic number');
    expect(error.message).toContain('0x00000803');
    expect(error.message).toContain('0x1f8b0803');
  });

  it('rejects a label file where an image file is expected (rank in the magic number)', () => {
    const error = formatError(() => parseIdx(idxBytes([0, 0, 0x08, 1], [3], [1, 2, 3]), SOURCE, 3));
    expect(error.field).toBe('magic number');
    expect(error.expected).toContain('0x00000803');
    expect(error.found).toContain('0x00000801');
  });

  it('rejects a type byte other than unsigned byte, naming both', () => {
    const error = formatError(() => parseIdx(idxBytes([0, 0, 0x0d, 1], [1], [0, 0, 0, 0]), SOURCE, 1));
    expect(error.field).toBe('type byte');
    expect(error.expected).toContain('0x08');
    expect(error.found).toContain('0x0d (float32)');
  });

  it('rejects a file shorter than its header', () => {
    expect(formatError(() => parseIdx(Uint8Array.from([0, 0]), SOURCE)).field).toBe('header');
    const cut = idxBytes([0, 0, 0x08, 3], [1, 2, 3], []).subarray(0, 10);
    const error = formatError(() => parseIdx(cut, SOURCE, 3));
    expect(error.field).toBe('header');
    expect(error.expected).toContain('16 bytes');
  });

  it('rejects a file truncated by one byte', () => {
    const bytes = idxBytes([0, 0, 0x08, 3], [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    const error = formatError(() => parseIdx(bytes.subarray(0, bytes.length - 1), SOURCE, 3));
    expect(error.field).toBe('length');
    expect(error.message).toBe(
      `${SOURCE}: length: expected 24 bytes (16-byte header + 2×2×2), found 23 bytes (truncated by 1 byte)`,
    );
  });

  it('rejects trailing bytes after the data', () => {
    const bytes = idxBytes([0, 0, 0x08, 1], [2], [1, 2, 3, 4, 5]);
    const error = formatError(() => parseIdx(bytes, SOURCE, 1));
    expect(error.field).toBe('length');
    expect(error.found).toContain('3 bytes of trailing data');
  });

  it('rejects dimensions whose product overflows 2^53 or the file, with the exact expected length', () => {
    const huge = 0xffffffff;
    const error = formatError(() => parseIdx(idxBytes([0, 0, 0x08, 3], [huge, huge, huge], [0]), SOURCE, 3));
    expect(error.field).toBe('length');
    const expectedBytes = 16n + BigInt(huge) ** 3n;
    expect(error.expected).toContain(`${expectedBytes} bytes`);
  });

  it('rejects dimensions that do not match the payload (mismatch)', () => {
    const error = formatError(() =>
      parseIdx(idxBytes([0, 0, 0x08, 3], [2, 28, 28], new Array(784).fill(0)), SOURCE, 3),
    );
    expect(error.field).toBe('length');
    expect(error.found).toContain('truncated by 784 bytes');
  });

  it('rejects a rank of zero', () => {
    expect(formatError(() => parseIdx(Uint8Array.from([0, 0, 8, 0]), SOURCE)).field).toBe('rank');
  });
});

describe('expectIdxShape', () => {
  it('names the first dimension that differs', () => {
    const images = tensor(new Uint8Array(2 * 28 * 27), [2, 28, 27], 'uint8');
    const error = formatError(() => expectIdxShape(images, [null, 28, 28], SOURCE));
    expect(error.field).toBe('dimension 2');
    expect(error.message).toBe(`${SOURCE}: dimension 2: expected 28, found 27`);
  });
});
