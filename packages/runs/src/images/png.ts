import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import type { Raster } from './raster.js';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One chunk: length (4 bytes, big-endian), type, data, CRC-32 of type + data (PNG spec §5.3). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  bytes.set(Buffer.from(type, 'latin1'), 4);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
  return bytes;
}

/**
 * Encodes an 8-bit RGB raster as PNG: IHDR (colour type 2, no interlace), one IDAT with the zlib-deflated
 * scanlines (each prefixed by filter type 0, "None"), IEND.
 */
export function encodePng(raster: Raster): Uint8Array {
  const { width, height, pixels } = raster;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, RGB, deflate, filter method 0, no interlace
  const rowBytes = width * 3;
  const scanlines = new Uint8Array(height * (rowBytes + 1)); // (height, 1 + width·3)
  for (let row = 0; row < height; row++) {
    scanlines[row * (rowBytes + 1)] = 0;
    scanlines.set(pixels.subarray(row * rowBytes, (row + 1) * rowBytes), row * (rowBytes + 1) + 1);
  }
  const parts = [
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines)),
    chunk('IEND', new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}
