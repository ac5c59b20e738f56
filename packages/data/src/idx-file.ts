import { gunzipIfCompressed, gunzipPrefix, isGzip, readRawDatasetFile } from './dataset-file.js';
import { DatasetFormatError } from './errors.js';
import { parseIdx, parseIdxHeader } from './idx.js';

/** The largest IDX file read: 2 GiB, far above MNIST's 47 MB and within one Uint8Array. */
const MAX_IDX_BYTES = 2 ** 31;

/**
 * Reads an unsigned-byte IDX file, plain or gzipped. A gzipped file's header is inflated and checked
 * first, and the rest is inflated to at most one byte more than the length that header declares: a
 * gzip bomb (a few MB that inflate to GBs) fails at the declared size instead of filling memory.
 */
export function readIdxFile(path: string, expectedRank?: number) {
  const stored = readRawDatasetFile(path);
  if (!isGzip(stored)) return parseIdx(stored, path, expectedRank);
  // The longest IDX header: the 4-byte magic number and a uint32 for each of up to 255 dimensions.
  const header = gunzipPrefix(stored, 4 + 4 * 255, path);
  const { expectedLength, headerBytes, shape } = parseIdxHeader(header, path, expectedRank);
  if (expectedLength > BigInt(MAX_IDX_BYTES)) {
    throw new DatasetFormatError(
      path,
      'length',
      `at most ${MAX_IDX_BYTES} bytes`,
      `a header declaring ${expectedLength} bytes (${headerBytes}-byte header + ${shape.join('×')})`,
    );
  }
  // One byte over the declared length still comes back, so parseIdx reports trailing data by its size.
  const bound = Number(expectedLength) + 1;
  const reason = `the ${expectedLength} bytes its header declares (${shape.join('×')}), plus one`;
  return parseIdx(gunzipIfCompressed(stored, path, bound, reason), path, expectedRank);
}
