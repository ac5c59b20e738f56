import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tensor } from '@latentlab/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetFormatError } from './errors.js';
import { encodeIdx } from './idx-encode.js';
import { readIdxFile } from './idx-file.js';

const directory = mkdtempSync(join(tmpdir(), 'latentlab-idx-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const write = (name: string, bytes: Uint8Array) => {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
};
const images = tensor(
  Uint8Array.from({ length: 2 * 28 * 28 }, (_, i) => i % 251),
  [2, 28, 28],
  'uint8',
);

describe('readIdxFile', () => {
  it('reads a plain and a gzipped file to the same tensor', () => {
    const plain = readIdxFile(write('plain', encodeIdx(images)), 3);
    const gzipped = readIdxFile(write('gzipped', gzipSync(encodeIdx(images))), 3);
    expect(plain.shape).toEqual([2, 28, 28]);
    expect(gzipped.shape).toEqual([2, 28, 28]);
    expect(Array.from(gzipped.data)).toEqual(Array.from(images.data));
  });

  it('stops a gzip bomb at the length its header declares (regression: 6.5 MB inflated to 3.0 GB)', () => {
    // A header declaring 2 images of 28×28, then 512 MiB of zeros: ~0.5 MB of gzip.
    const header = encodeIdx(images).subarray(0, 16);
    const zeros = new Uint8Array(512 * 2 ** 20);
    const bomb = gzipSync(Buffer.concat([header, zeros]), { level: 9 });
    expect(bomb.length).toBeLessThan(2 ** 20);
    const path = write('bomb', bomb);
    const before = process.memoryUsage().arrayBuffers;
    const read = () => readIdxFile(path, 3);
    expect(read).toThrow(DatasetFormatError);
    expect(read).toThrow(
      `${path}: gzip stream: expected at most 1585 bytes once decompressed (the 1584 bytes its header declares (2×28×28), plus one), found more (decompression stopped there)`,
    );
    // The 512 MiB payload was never inflated (zeros above is the only big buffer, freed or not).
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  });

  it('still names trailing data one byte past the declared length, and a truncated stream', () => {
    const full = encodeIdx(images);
    const trailing = write('trailing', gzipSync(Buffer.concat([full, new Uint8Array([7])])));
    expect(() => readIdxFile(trailing, 3)).toThrow(
      /length: expected 1584 bytes .*found 1585 bytes \(1 byte of trailing data/,
    );
    const short = write('short', gzipSync(full.subarray(0, full.length - 5)));
    expect(() => readIdxFile(short, 3)).toThrow(/truncated by 5 bytes/);
  });

  it('checks a gzipped header before inflating the rest: a labels file where images are expected', () => {
    const labels = tensor(new Uint8Array([1, 2, 3]), [3], 'uint8');
    const path = write('labels', gzipSync(encodeIdx(labels)));
    expect(() => readIdxFile(path, 3)).toThrow(/magic number: expected 0x00000803/);
  });

  it('refuses a header that declares more than 2 GiB', () => {
    const header = new Uint8Array(16);
    header.set([0, 0, 8, 3]);
    new DataView(header.buffer).setUint32(4, 100_000_000, false); // 100 M images of 28×28 = 78 GB
    new DataView(header.buffer).setUint32(8, 28, false);
    new DataView(header.buffer).setUint32(12, 28, false);
    const path = write('huge', gzipSync(header));
    expect(() => readIdxFile(path, 3)).toThrow(
      /length: expected at most 2147483648 bytes, found a header declaring 78400000016 bytes/,
    );
  });
});
