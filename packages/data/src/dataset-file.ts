import { readFileSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { DatasetFormatError, DatasetNotFoundError } from './errors.js';

/** The first two bytes of every gzip stream (RFC 1952, §2.3.1: ID1 = 31, ID2 = 139). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * What a dataset file may decompress to when nothing tighter is known (a Fashion-MNIST class file is
 * ~17 MB): a gzip bomb stops here instead of filling memory.
 */
export const MAX_DECOMPRESSED_BYTES = 256 * 2 ** 20;

/**
 * Decompresses `bytes` if they are a gzip stream (recognised by content, whatever the file name), else
 * returns them as they are. Decompression stops past `maxBytes` (default MAX_DECOMPRESSED_BYTES) with a
 * DatasetFormatError, as does a corrupt or truncated gzip stream; both name `source`.
 */
export function gunzipIfCompressed(
  bytes: Uint8Array,
  source: string,
  maxBytes: number = MAX_DECOMPRESSED_BYTES,
  /** Why the bound is `maxBytes`, for the error (e.g. what the file's header declares). */
  boundReason = 'the most a dataset file may decompress to',
): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DatasetFormatError(
        source,
        'gzip stream',
        `at most ${maxBytes} bytes once decompressed (${boundReason})`,
        'more (decompression stopped there)',
      );
    }
    throw new DatasetFormatError(
      source,
      'gzip stream',
      'a complete, valid gzip stream',
      `a stream zlib rejects (${(error as Error).message})`,
    );
  }
}

/**
 * The first `count` decompressed bytes of a gzip stream (fewer if it is shorter), inflating only as much
 * of it as that takes: a header can be read and checked before the whole file is decompressed.
 */
export function gunzipPrefix(bytes: Uint8Array, count: number, source: string): Uint8Array {
  // deflate expands a byte to at most ~1,032: a prefix of `take` bytes inflates to a bounded size.
  for (let take = 64; ; take *= 4) {
    const input = bytes.subarray(0, Math.min(take, bytes.length));
    let output: Uint8Array;
    try {
      output = gunzipSync(input, {
        finishFlush: constants.Z_SYNC_FLUSH, // a cut-off stream yields what it has instead of an error
        maxOutputLength: Math.max(count, take * 1100),
      });
    } catch (error) {
      throw new DatasetFormatError(
        source,
        'gzip stream',
        'a valid gzip stream',
        `a stream zlib rejects (${(error as Error).message})`,
      );
    }
    if (output.length >= count || input.length === bytes.length) return output.subarray(0, count);
  }
}

/** A dataset file's bytes as stored; a missing or unreadable file is a DatasetNotFoundError. */
export function readRawDatasetFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new DatasetNotFoundError(path, `cannot read the dataset file (${(error as Error).message})`);
  }
}

/**
 * Reads a dataset file, gunzipped (to at most `maxBytes`) when it is gzip; a missing or unreadable file
 * is a DatasetNotFoundError.
 */
export function readDatasetFile(path: string, maxBytes: number = MAX_DECOMPRESSED_BYTES): Uint8Array {
  return gunzipIfCompressed(readRawDatasetFile(path), path, maxBytes);
}
