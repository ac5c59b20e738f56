import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** The NumPy dtypes written here: little-endian float32 and int32. */
export type NpyDescr = '<f4' | '<i4';

/**
 * The header of a version 1.0 `.npy` file (NumPy's format spec, `numpy/lib/format.py`): the magic string
 * \\x93NUMPY, version 1 0, a little-endian u16 header length, then the header dict as ASCII, padded with
 * spaces and ended by a newline so that the data starts at a multiple of 64 bytes.
 */
export function npyHeader(descr: NpyDescr, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const header = `${dict}${' '.repeat(padded - preamble - dict.length - 1)}\n`;
  const bytes = new Uint8Array(padded);
  bytes.set([0x93, ...Buffer.from('NUMPY', 'latin1'), 1, 0]);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  bytes.set(Buffer.from(header, 'latin1'), preamble);
  return bytes;
}

/**
 * Writes an `.npy` array of known shape batch by batch (memory: one batch), into `path.partial-<pid>`
 * renamed over `path` by `close` once every element is written.
 */
export class NpyWriter {
  private readonly partialPath: string;
  private readonly file: number;
  private written = 0;
  private readonly total: number;

  constructor(
    private readonly path: string,
    descr: NpyDescr,
    shape: readonly number[],
  ) {
    this.partialPath = `${path}.partial-${process.pid}`;
    this.total = shape.reduce((product, dim) => product * dim, 1);
    this.file = openSync(this.partialPath, 'w');
    writeAll(this.file, npyHeader(descr, shape));
  }

  append(values: Float32Array | Int32Array): void {
    writeAll(this.file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    this.written += values.length;
  }

  close(): void {
    fsyncSync(this.file);
    closeSync(this.file);
    if (this.written !== this.total) {
      throw new Error(`NpyWriter ${this.path}: wrote ${this.written} of ${this.total} elements`);
    }
    renameSync(this.partialPath, this.path);
  }
}

function writeAll(file: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(file, bytes, offset, bytes.length - offset);
}
