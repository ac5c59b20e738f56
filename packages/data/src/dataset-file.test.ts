import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipIfCompressed, readDatasetFile } from './dataset-file.js';
import { DatasetFormatError, DatasetNotFoundError } from './errors.js';

const directory = mkdtempSync(join(tmpdir(), 'latentlab-data-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('readDatasetFile', () => {
  const payload = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);

  it('returns plain files as they are and gunzips gzip files, whatever their name', () => {
    const plainPath = join(directory, 'labels-idx1-ubyte');
    const gzipPath = join(directory, 'labels-idx1-ubyte.bin');
    writeFileSync(plainPath, payload);
    writeFileSync(gzipPath, gzipSync(payload));
    expect(Array.from(readDatasetFile(plainPath))).toEqual(Array.from(payload));
    expect(Array.from(readDatasetFile(gzipPath))).toEqual(Array.from(payload));
  });

  it('turns a corrupt gzip stream into a DatasetFormatError naming the file', () => {
    const compressed = gzipSync(payload);
    const truncatedPath = join(directory, 'truncated.gz');
    writeFileSync(truncatedPath, compressed.subarray(0, compressed.length - 6));
    const corrupt = Uint8Array.from(compressed);
    corrupt[12] = (corrupt[12]! ^ 0xff) & 0xff; // inside the deflate data
    const corruptPath = join(directory, 'corrupt.gz');
    writeFileSync(corruptPath, corrupt);
    for (const path of [truncatedPath, corruptPath]) {
      const run = () => readDatasetFile(path);
      expect(run).toThrow(DatasetFormatError);
      expect(run).toThrow(`${path}: gzip stream: expected a complete, valid gzip stream`);
    }
  });

  it('reports a missing file as DatasetNotFoundError', () => {
    const path = join(directory, 'missing-idx3-ubyte');
    expect(() => readDatasetFile(path)).toThrow(DatasetNotFoundError);
    expect(() => readDatasetFile(path)).toThrow(path);
  });

  it('does not mistake a lone 0x1f byte for gzip', () => {
    expect(gunzipIfCompressed(Uint8Array.from([0x1f]), 'one-byte')).toEqual(Uint8Array.from([0x1f]));
  });
});
