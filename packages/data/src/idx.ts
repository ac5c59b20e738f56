import { type Tensor, tensor } from '@latentlab/tensor';
import { DatasetFormatError } from './errors.js';

/**
 * The IDX format of the MNIST files (Y. LeCun, http://yann.lecun.com/exdb/mnist/, "file formats"):
 *
 *   bytes 0–1   zero
 *   byte  2     element type: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32,
 *               0x0E float64
 *   byte  3     rank (number of dimensions)
 *   then        one big-endian uint32 per dimension
 *   then        the elements, row-major (C order), nothing after them
 *
 * So MNIST images start with the magic number 0x00000803 (uint8, 3 dimensions: N, 28, 28) and labels with
 * 0x00000801 (uint8, 1 dimension: N). Only unsigned bytes are read here: every MNIST-style file uses them.
 */

/** The element-type byte of unsigned-byte IDX files. */
export const IDX_UINT8 = 0x08;

const IDX_TYPE_NAMES: Record<number, string> = {
  8: 'unsigned byte',
  9: 'signed byte',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
};

const MAGIC_BYTES = 4;
const DIMENSION_BYTES = 4;

function hex(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** The magic number of a uint8 IDX file of this rank, as printed in errors (0x00000803). */
export function idxMagicNumber(rank: number): number {
  return (IDX_UINT8 << 8) | rank;
}

function byteCount(count: bigint): string {
  return count === 1n ? '1 byte' : `${count} bytes`;
}

function describeMagic(magic: number): string {
  const typeByte = (magic >>> 8) & 0xff;
  const typeName = IDX_TYPE_NAMES[typeByte] ?? 'unknown type';
  return `${hex(magic >>> 0, 8)} (${typeName}, ${magic & 0xff} dimensions)`;
}

/** What an IDX header declares: the shape, the header's size and the file's exact length. */
export interface IdxHeader {
  shape: number[];
  headerBytes: number;
  /** Header + product of the dimensions, exactly (four uint32 dimensions can multiply past 2^53). */
  expectedLength: bigint;
}

/**
 * Reads and checks the header of an unsigned-byte IDX file (`bytes` may hold only its beginning). With
 * `expectedRank`, the magic number must be exactly 0x000008<rank> (0x00000803 for images, 0x00000801
 * for labels). `source` names the file in errors.
 */
export function parseIdxHeader(bytes: Uint8Array, source: string, expectedRank?: number): IdxHeader {
  if (bytes.length < MAGIC_BYTES) {
    throw new DatasetFormatError(
      source,
      'header',
      `at least ${MAGIC_BYTES} bytes (the IDX magic number)`,
      `${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const typeByte = bytes[2]!;
  const rank = bytes[3]!;
  const expectedMagic =
    expectedRank === undefined
      ? 'two zero bytes, a type byte and a rank (0x000008RR)'
      : describeMagic(idxMagicNumber(expectedRank));

  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetFormatError(
      source,
      'magic number',
      expectedMagic,
      `${hex(magic >>> 0, 8)} (not an IDX file)`,
    );
  }
  if (typeByte !== IDX_UINT8) {
    const typeName = IDX_TYPE_NAMES[typeByte] ?? 'not an IDX type';
    throw new DatasetFormatError(
      source,
      'type byte',
      `${hex(IDX_UINT8, 2)} (unsigned byte)`,
      `${hex(typeByte, 2)} (${typeName})`,
    );
  }
  if (expectedRank !== undefined && rank !== expectedRank) {
    throw new DatasetFormatError(source, 'magic number', expectedMagic, describeMagic(magic));
  }
  if (rank === 0) {
    throw new DatasetFormatError(source, 'rank', 'at least 1 dimension', '0 dimensions');
  }

  const headerBytes = MAGIC_BYTES + DIMENSION_BYTES * rank;
  if (bytes.length < headerBytes) {
    throw new DatasetFormatError(
      source,
      'header',
      `${headerBytes} bytes (magic number + ${rank} dimensions)`,
      `${bytes.length} bytes`,
    );
  }
  const shape: number[] = [];
  for (let axis = 0; axis < rank; axis++)
    shape.push(view.getUint32(MAGIC_BYTES + DIMENSION_BYTES * axis, false));
  const elementCount = shape.reduce((product, dim) => product * BigInt(dim), 1n);
  return { shape, headerBytes, expectedLength: BigInt(headerBytes) + elementCount };
}

/**
 * Parses an unsigned-byte IDX file into a uint8 tensor of its shape (header checked by `parseIdxHeader`).
 * The byte length must equal header + product of dimensions exactly: a truncated file and one with
 * trailing bytes are both errors. The tensor's data is a copy, independent of `bytes`.
 */
export function parseIdx(bytes: Uint8Array, source: string, expectedRank?: number): Tensor<'uint8'> {
  const { shape, headerBytes, expectedLength } = parseIdxHeader(bytes, source, expectedRank);
  if (BigInt(bytes.length) !== expectedLength) {
    const difference = BigInt(bytes.length) - expectedLength;
    const verdict =
      difference < 0n
        ? `truncated by ${byteCount(-difference)}`
        : `${byteCount(difference)} of trailing data after the elements`;
    throw new DatasetFormatError(
      source,
      'length',
      `${expectedLength} bytes (${headerBytes}-byte header + ${shape.join('×')})`,
      `${bytes.length} bytes (${verdict})`,
    );
  }
  const data = new Uint8Array(Number(expectedLength) - headerBytes);
  data.set(bytes.subarray(headerBytes));
  return tensor(data, shape, 'uint8');
}

/**
 * Checks each dimension against `expected` (null: any size). Throws a DatasetFormatError naming the
 * first dimension that differs, e.g. field "dimension 2": expected 28, found 27.
 */
export function expectIdxShape(array: Tensor, expected: readonly (number | null)[], source: string): void {
  if (array.shape.length !== expected.length) {
    throw new DatasetFormatError(source, 'rank', `${expected.length} dimensions`, `${array.shape.length}`);
  }
  expected.forEach((size, axis) => {
    if (size !== null && array.shape[axis] !== size) {
      throw new DatasetFormatError(source, `dimension ${axis}`, `${size}`, `${array.shape[axis]}`);
    }
  });
}
