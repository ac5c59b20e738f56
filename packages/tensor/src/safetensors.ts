import { type DType, sizeOf, type Tensor, type TypedArray } from './tensor.js';

/**
 * Hugging Face safetensors (https://github.com/huggingface/safetensors, format described in its README):
 *
 *   [u64 little-endian N][N bytes of UTF-8 JSON header][byte buffer]
 *
 * The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative
 * to the start of the byte buffer) plus an optional "__metadata__" string→string map. Validation follows
 * the reference implementation: the header is at most 100 MB, and the tensors, in offset order, cover the
 * byte buffer exactly (no overlap, no gap, no trailing bytes).
 */

/** Thrown for a malformed file (or an unwritable tensor map); names the source, the field and what was expected. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
  constructor(
    /** File name (or other label) of the data being read or written. */
    readonly source: string,
    /** The offending part: 'header length', 'header', '"<tensor>".data_offsets', '__metadata__', … */
    readonly field: string,
    problem: string,
  ) {
    super(`${source}: ${field}: ${problem}`);
  }
}

/** The reference implementation's limit on the JSON header size (safetensors MAX_HEADER_SIZE). */
export const MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';
const TWO_POW_32 = 4294967296;

/** The safetensors dtypes latentlab reads and writes, with their tensor dtype and size in bytes. */
const FILE_DTYPES = {
  F32: { dtype: 'float32', itemSize: 4 },
  I32: { dtype: 'int32', itemSize: 4 },
  U8: { dtype: 'uint8', itemSize: 1 },
} as const satisfies Record<string, { dtype: DType; itemSize: number }>;
type FileDType = keyof typeof FILE_DTYPES;
const SUPPORTED = Object.keys(FILE_DTYPES).join(', ');

function fileDTypeOf(dtype: DType): FileDType {
  return dtype === 'float32' ? 'F32' : dtype === 'int32' ? 'I32' : 'U8';
}

const ARRAY_TYPES = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array } as const;

/** Typed arrays use the host byte order; safetensors is little-endian (all mainstream hosts are too). */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One validated header entry. */
interface TensorEntry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

export interface SafetensorsContents {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/**
 * Parses a safetensors file. Every tensor owns a fresh, aligned copy of its data. Anything malformed throws
 * a SafetensorsError naming `source` (e.g. the file name), the field and what was expected.
 */
export function readSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContents {
  const fail = (field: string, problem: string) => new SafetensorsError(source, field, problem);
  if (!(bytes instanceof Uint8Array)) throw fail('file', `expected a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length < 8) {
    throw fail(
      'header length',
      `the file is ${bytes.length} bytes; expected at least 8 (a u64 header length)`,
    );
  }

  // 1. Header length: u64 little-endian. Read as two u32 words; anything ≥ 2^32 is over the limit anyway.
  const lengthView = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const headerLength = lengthView.getUint32(0, true) + lengthView.getUint32(4, true) * TWO_POW_32;
  if (headerLength > MAX_HEADER_BYTES) {
    throw fail('header length', `${headerLength} bytes; expected at most ${MAX_HEADER_BYTES}`);
  }
  if (8 + headerLength > bytes.length) {
    throw fail(
      'header length',
      `${headerLength} bytes, but only ${bytes.length - 8} follow the length field: the file is truncated`,
    );
  }

  // 2. Header: a UTF-8 JSON object.
  const header = parseHeader(bytes.subarray(8, 8 + headerLength), fail);

  // 3. Entries: each tensor's dtype, shape and offsets, checked against each other.
  let metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    // A JSON escape (\ud800) can spell a lone surrogate in valid UTF-8: refused as the writer refuses it.
    checkWellFormed(name, name === METADATA_KEY ? 'header key' : 'tensor name', fail);
    if (name === METADATA_KEY) metadata = parseMetadata(value, fail);
    else entries.push(parseEntry(name, value, fail));
  }

  // 4. Layout: in offset order the tensors tile the byte buffer exactly.
  const buffer = bytes.subarray(8 + headerLength);
  checkLayout(entries, buffer.length, fail);

  const tensors = new Map<string, Tensor>();
  for (const entry of entries) {
    const data = decodeData(entry.dtype, buffer.subarray(entry.begin, entry.end));
    tensors.set(entry.name, { dtype: entry.dtype, shape: Object.freeze(entry.shape), data });
  }
  return { tensors, metadata };
}

type Fail = (field: string, problem: string) => SafetensorsError;

function parseHeader(headerBytes: Uint8Array, fail: Fail): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    throw fail('header', 'not valid UTF-8; expected a UTF-8 JSON object');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw fail('header', `not valid JSON (${(error as Error).message}); expected a JSON object`);
  }
  if (!isPlainObject(header)) {
    throw fail('header', `expected a JSON object of tensor entries, got ${describe(header)}`);
  }
  return header;
}

function parseMetadata(value: unknown, fail: Fail): Record<string, string> {
  if (!isPlainObject(value)) {
    throw fail(METADATA_KEY, `expected an object of string values, got ${describe(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw fail(METADATA_KEY, `value of ${JSON.stringify(key)} is ${describe(item)}; expected a string`);
    }
    checkWellFormed(key, `${METADATA_KEY} key`, fail);
    checkWellFormed(item, `${METADATA_KEY}[${JSON.stringify(key)}]`, fail);
  }
  // Object.fromEntries defines own properties, so a key such as "__proto__" survives as data.
  return Object.fromEntries(Object.entries(value as Record<string, string>));
}

function parseEntry(name: string, value: unknown, fail: Fail): TensorEntry {
  const quoted = JSON.stringify(name);
  if (!isPlainObject(value)) {
    throw fail(quoted, `expected an object {dtype, shape, data_offsets}, got ${describe(value)}`);
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;

  if (typeof dtype !== 'string' || !Object.hasOwn(FILE_DTYPES, dtype)) {
    throw fail(`${quoted}.dtype`, `unsupported dtype ${describe(dtype)}; supported: ${SUPPORTED}`);
  }
  const { dtype: tensorDType, itemSize } = FILE_DTYPES[dtype as FileDType];

  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw fail(`${quoted}.shape`, `expected an array of non-negative integers, got ${describe(shape)}`);
  }
  const dims = (shape as number[]).map((dim) => (dim === 0 ? 0 : dim)); // (turns a JSON -0 into 0)

  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((offset) => Number.isSafeInteger(offset) && offset >= 0) ||
    offsets[0] > offsets[1]
  ) {
    throw fail(
      `${quoted}.data_offsets`,
      `expected [begin, end] with integers 0 ≤ begin ≤ end, got ${describe(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];

  const count = elementCount(dims);
  const expectedBytes = count === undefined ? undefined : count * itemSize;
  if (expectedBytes !== end - begin) {
    const needed = expectedBytes === undefined ? 'more bytes than a file can hold' : `${expectedBytes} bytes`;
    throw fail(
      `${quoted}.data_offsets`,
      `[${begin}, ${end}] holds ${end - begin} bytes, but shape [${dims.join(', ')}] of ${dtype} needs ${needed}`,
    );
  }
  return { name, dtype: tensorDType, shape: dims, begin, end };
}

/** Product of the dimensions, or undefined when it exceeds 2^53 (no file is that large). */
function elementCount(shape: readonly number[]): number | undefined {
  if (shape.includes(0)) return 0;
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (count > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return count;
}

function checkLayout(entries: readonly TensorEntry[], bufferLength: number, fail: Fail): void {
  for (const entry of entries) {
    if (entry.end > bufferLength) {
      throw fail(
        `${JSON.stringify(entry.name)}.data_offsets`,
        `[${entry.begin}, ${entry.end}] runs past the end of the ${bufferLength}-byte buffer (truncated file?)`,
      );
    }
  }
  const ordered = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: TensorEntry | undefined;
  for (const entry of ordered) {
    if (entry.begin !== covered) {
      const where = previous === undefined ? 'at the start' : `after tensor ${JSON.stringify(previous.name)}`;
      const problem =
        entry.begin < covered
          ? `overlaps tensor ${JSON.stringify(previous?.name)}, which ends at byte ${covered}`
          : `leaves bytes ${covered}…${entry.begin - 1} unused ${where}`;
      throw fail(
        `${JSON.stringify(entry.name)}.data_offsets`,
        `[${entry.begin}, ${entry.end}] ${problem}; expected the tensors to cover the byte buffer contiguously`,
      );
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered !== bufferLength) {
    throw fail(
      'byte buffer',
      `${bufferLength - covered} trailing bytes after the last tensor (ends at ${covered}, the buffer has ${bufferLength})`,
    );
  }
}

/** An aligned little-endian → host copy of one tensor's bytes. */
function decodeData(dtype: DType, raw: Uint8Array): TypedArray {
  // A new ArrayBuffer starting at offset 0, aligned for any element type. Not `raw.slice()`: on a Node
  // Buffer (what readFileSync returns) slice is a view into the shared pool, not a copy.
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  if (dtype === 'uint8') return copy;
  const ArrayType = ARRAY_TYPES[dtype];
  const values = new ArrayType(copy.buffer);
  if (!HOST_IS_LITTLE_ENDIAN) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < values.length; i++) {
      values[i] = dtype === 'float32' ? view.getFloat32(4 * i, true) : view.getInt32(4 * i, true);
    }
  }
  return values;
}

/**
 * Serialises tensors (sorted by name, stored contiguously in that order) and optional string metadata.
 * The JSON header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
 */
export function writeSafetensors(
  tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const fail = (field: string, problem: string) => new SafetensorsError('writeSafetensors', field, problem);
  const named = (tensors instanceof Map ? [...tensors] : Object.entries(tensors)) as [string, Tensor][];
  named.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const headerParts: string[] = [];
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) {
      throw fail(METADATA_KEY, `expected an object of string values, got ${describe(metadata)}`);
    }
    const metadataEntries = Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, value] of metadataEntries) {
      if (typeof value !== 'string') {
        throw fail(METADATA_KEY, `value of ${JSON.stringify(key)} is ${describe(value)}; expected a string`);
      }
      checkWellFormed(key, METADATA_KEY, fail);
      checkWellFormed(value, METADATA_KEY, fail);
    }
    if (metadataEntries.length > 0) {
      const fields = metadataEntries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
      headerParts.push(`"${METADATA_KEY}":{${fields.join(',')}}`);
    }
  }

  let dataLength = 0;
  for (const [name, tensor] of named) {
    checkWritable(name, tensor, fail);
    const begin = dataLength;
    dataLength += tensor.data.byteLength;
    const info = { dtype: fileDTypeOf(tensor.dtype), shape: tensor.shape, data_offsets: [begin, dataLength] };
    headerParts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
  }

  const headerBytes = new TextEncoder().encode(`{${headerParts.join(',')}}`);
  const paddedLength = Math.ceil(headerBytes.length / 8) * 8;
  if (paddedLength > MAX_HEADER_BYTES) {
    throw fail('header', `${paddedLength} bytes; readers accept at most ${MAX_HEADER_BYTES}`);
  }
  const file = new Uint8Array(8 + paddedLength + dataLength);
  const view = new DataView(file.buffer);
  view.setUint32(0, paddedLength, true); // high word stays 0: the header is under 2^32 bytes
  file.set(headerBytes, 8);
  file.fill(0x20, 8 + headerBytes.length, 8 + paddedLength);

  let offset = 8 + paddedLength;
  for (const [, tensor] of named) {
    encodeData(tensor.data, view, offset);
    offset += tensor.data.byteLength;
  }
  return file;
}

function checkWritable(name: string, tensor: Tensor, fail: Fail): void {
  const quoted = JSON.stringify(name);
  if (name === METADATA_KEY) throw fail(quoted, `'${METADATA_KEY}' is reserved and cannot name a tensor`);
  checkWellFormed(name, quoted, fail);
  if (typeof tensor !== 'object' || tensor === null) {
    throw fail(quoted, `expected a tensor {dtype, shape, data}, got ${describe(tensor)}`);
  }
  if (!Object.hasOwn(ARRAY_TYPES, tensor.dtype)) {
    throw fail(
      `${quoted}.dtype`,
      `unsupported dtype ${describe(tensor.dtype)}; expected float32, int32 or uint8`,
    );
  }
  const shape = tensor.shape;
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw fail(`${quoted}.shape`, `expected an array of non-negative integers, got ${describe(shape)}`);
  }
  if (!(tensor.data instanceof ARRAY_TYPES[tensor.dtype]) || tensor.data.length !== sizeOf(shape)) {
    throw fail(
      `${quoted}.data`,
      `expected a ${ARRAY_TYPES[tensor.dtype].name} of ${sizeOf(shape)} values for shape [${shape.join(', ')}]`,
    );
  }
}

/** Rejects lone UTF-16 surrogates: they have no UTF-8 encoding, and other readers reject them. */
function checkWellFormed(text: string, field: string, fail: Fail): void {
  if (/[\uD800-\uDFFF]/u.test(text)) {
    throw fail(
      field,
      `${JSON.stringify(text)} contains a lone UTF-16 surrogate; expected well-formed Unicode`,
    );
  }
}

function encodeData(data: TypedArray, view: DataView, offset: number): void {
  if (HOST_IS_LITTLE_ENDIAN || data instanceof Uint8Array) {
    new Uint8Array(view.buffer, offset, data.byteLength).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    return;
  }
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) view.setFloat32(offset + 4 * i, data[i]!, true);
    else view.setInt32(offset + 4 * i, data[i]!, true);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short JSON-ish rendering of a value for error messages. */
function describe(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
