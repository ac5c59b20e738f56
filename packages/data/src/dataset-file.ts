import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetFormatError, DatasetNotFoundError } from './errors.js';

/** The first two bytes of every gzip stream (RFC 1952, §2.3.1: ID1 = 31, ID2 = 139). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses `bytes` if they are a gzip stream (recognised by content, whatever the file name), else
 * returns them as they are. A corrupt or truncated gzip stream throws a DatasetFormatError naming `source`.
 */
export function gunzipIfCompressed(bytes: Uint8Array, source: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DatasetFormatError(
      source,
      'gzip stream',
      'a complete, valid gzip stream',
      `a stream zlib rejects (${(error as Error).message})`,
    );
  }
}

/** Reads a dataset file, gunzipped when it is gzip; a missing or unreadable file is a DatasetNotFoundError. */
export function readDatasetFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DatasetNotFoundError(path, `cannot read the dataset file (${(error as Error).message})`);
  }
  return gunzipIfCompressed(bytes, path);
}
