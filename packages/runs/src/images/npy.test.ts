import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NpyWriter, npyHeader } from './npy.js';

const scratch = mkdtempSync(join(tmpdir(), 'latentlab-npy-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npy', () => {
  it('writes the version 1.0 header of the NumPy format spec, data aligned to 64 bytes', () => {
    // The dict below is 64 characters: 10 + 64 + 1 (newline) = 75 bytes, padded to 128.
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 28, 28), }";
    const header = npyHeader('<f4', [3, 28, 28]);
    expect(header.length).toBe(128);
    expect([...header.subarray(0, 8)]).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]); // \x93NUMPY 1 0
    expect(new DataView(header.buffer).getUint16(8, true)).toBe(118);
    expect(Buffer.from(header.subarray(10)).toString('latin1')).toBe(`${dict}${' '.repeat(53)}\n`);
    expect(Buffer.from(npyHeader('<i4', [7])).toString('latin1')).toContain("'shape': (7,), }");
  });

  it('appends batches and renames the file into place only when complete', () => {
    const path = join(scratch, 'values.npy');
    const writer = new NpyWriter(path, '<i4', [2, 3]);
    writer.append(Int32Array.from([1, 2, 3]));
    writer.append(Int32Array.from([4, 5, 6]));
    writer.close();
    const bytes = new Uint8Array(readFileSync(path));
    const dataStart = 10 + new DataView(bytes.buffer).getUint16(8, true);
    expect(dataStart % 64).toBe(0);
    expect([...new Int32Array(bytes.slice(dataStart).buffer)]).toEqual([1, 2, 3, 4, 5, 6]);
    // The real NumPy reads it back (checked once by hand): np.load('values.npy') == [[1, 2, 3], [4, 5, 6]].
    const short = new NpyWriter(join(scratch, 'short.npy'), '<f4', [4]);
    short.append(Float32Array.from([1]));
    expect(() => short.close()).toThrow('wrote 1 of 4 elements');
  });
});
