import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import { linePlot } from './line-plot.js';
import { encodePng } from './png.js';
import { createRaster } from './raster.js';

interface Chunk {
  type: string;
  data: Uint8Array;
  crc: number;
}

function readChunks(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const type = Buffer.from(png.subarray(offset + 4, offset + 8)).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    chunks.push({ type, data, crc: view.getUint32(offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

describe('crc32', () => {
  it('gives the check value of CRC-32/ISO-HDLC', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('encodePng', () => {
  it('writes signature, IHDR, IDAT, IEND with correct CRCs and filter-0 scanlines that inflate to the pixels', () => {
    const raster = createRaster(3, 2);
    raster.pixels.set([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const png = encodePng(raster);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = readChunks(png);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const chunk of chunks) {
      const typed = new Uint8Array(4 + chunk.data.length);
      typed.set(Buffer.from(chunk.type, 'latin1'));
      typed.set(chunk.data, 4);
      expect(chunk.crc).toBe(crc32(typed));
    }
    const header = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset, 13);
    expect([header.getUint32(0), header.getUint32(4)]).toEqual([3, 2]);
    expect(Array.from(chunks[0]!.data.subarray(8))).toEqual([8, 2, 0, 0, 0]);
    const scanlines = inflateSync(chunks[1]!.data);
    expect(scanlines.length).toBe(2 * (1 + 3 * 3));
    expect(scanlines[0]).toBe(0);
    expect(scanlines[10]).toBe(0);
    expect(Array.from(scanlines.subarray(1, 10))).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255]);
    expect(Array.from(scanlines.subarray(11, 20))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(chunks[2]!.data.length).toBe(0);
  });

  it('plots a loss curve into a decodable PNG', () => {
    const plot = linePlot([1, 0.5, 0.25, 0.3, 0.1], 160, 96);
    const idat = readChunks(encodePng(plot)).find((chunk) => chunk.type === 'IDAT')!;
    const scanlines = inflateSync(idat.data);
    expect(scanlines.length).toBe(96 * (1 + 160 * 3));
    // Some pixels are the line colour.
    const rgb = Array.from({ length: 96 * 160 }, (_, pixel) => {
      const row = Math.floor(pixel / 160);
      const offset = row * (1 + 160 * 3) + 1 + (pixel % 160) * 3;
      return scanlines.subarray(offset, offset + 3).join(',');
    });
    expect(rgb).toContain('31,119,180');
  });
});
