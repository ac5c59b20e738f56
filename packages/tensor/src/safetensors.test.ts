import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { readSafetensors, SafetensorsError, writeSafetensors } from './safetensors.js';
import { type Tensor, tensor } from './tensor.js';

/** Builds a file from a header text and data bytes; `declaredLength` overrides the u64 header length. */
function fileFrom(
  headerText: string | Uint8Array,
  data: ArrayLike<number> = [],
  declaredLength?: number,
): Uint8Array {
  const header = typeof headerText === 'string' ? new TextEncoder().encode(headerText) : headerText;
  const file = new Uint8Array(8 + header.length + data.length);
  const view = new DataView(file.buffer);
  const length = declaredLength ?? header.length;
  view.setUint32(0, length % 2 ** 32, true);
  view.setUint32(4, Math.floor(length / 2 ** 32), true);
  file.set(header, 8);
  file.set(data, 8 + header.length);
  return file;
}

/** Reads `bytes` expecting a SafetensorsError for `field` whose message matches `problem`. */
function expectReadError(bytes: Uint8Array, field: string, problem: RegExp): void {
  let caught: unknown;
  try {
    readSafetensors(bytes, 'model.safetensors');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SafetensorsError);
  const error = caught as SafetensorsError;
  expect(error.source).toBe('model.safetensors');
  expect(error.field).toBe(field);
  expect(error.message.startsWith(`model.safetensors: ${field}: `)).toBe(true);
  expect(error.message).toMatch(problem);
}

function bytesOf(data: Tensor['data']): number[] {
  return Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

describe('writeSafetensors / readSafetensors round trip', () => {
  const tensors = new Map<string, Tensor>([
    ['weights', tensor([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 3.25e-41, -1e30], [2, 3])],
    ['scalar', tensor([42], [])],
    ['empty', tensor(new Float32Array(0), [2, 0, 3])],
    ['indices', tensor([-(2 ** 31), 2 ** 31 - 1, 0, 7], [4], 'int32')],
    ['pixels', tensor([0, 255, 128], [1, 3], 'uint8')],
    ['no ints', tensor(new Int32Array(0), [0], 'int32')],
    ['no bytes', tensor(new Uint8Array(0), [0, 0], 'uint8')],
    ['byte scalar', tensor([9], [], 'uint8')],
  ]);

  it('keeps every dtype, scalar and zero-size tensor bit for bit, with metadata', () => {
    const file = writeSafetensors(tensors, { format: 'pt', step: '1200' });
    const { tensors: read, metadata } = readSafetensors(file, 'round-trip.safetensors');
    expect(metadata).toEqual({ format: 'pt', step: '1200' });
    expect([...read.keys()].sort()).toEqual([...tensors.keys()].sort());
    for (const [name, original] of tensors) {
      const copy = read.get(name)!;
      expect(copy.dtype).toBe(original.dtype);
      expect(copy.shape).toEqual(original.shape);
      expect(copy.data.constructor).toBe(original.data.constructor);
      expect(bytesOf(copy.data)).toEqual(bytesOf(original.data));
    }
  });

  it('accepts a plain record, and reads a file without metadata as empty metadata', () => {
    const file = writeSafetensors({ x: tensor([1, 2], [2]) });
    expect(new TextDecoder().decode(file.subarray(8, 16))).toBe('{"x":{"d');
    const { tensors: read, metadata } = readSafetensors(file);
    expect(metadata).toEqual({});
    expect(Array.from(read.get('x')!.data)).toEqual([1, 2]);
  });

  it('returns aligned copies that do not alias the file, even from a misaligned view', () => {
    const file = writeSafetensors({ u: tensor([1, 2, 3], [3], 'uint8'), v: tensor([0.5, 0.25], [2]) });
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const view = shifted.subarray(1); // byteOffset 1: the F32 data sits at an odd address
    const read = readSafetensors(view).tensors.get('v')!;
    expect(Array.from(read.data)).toEqual([0.5, 0.25]);
    expect(read.data.byteOffset % 4).toBe(0);
    shifted.fill(0);
    expect(Array.from(read.data)).toEqual([0.5, 0.25]);
  });

  it('writes tensor data from views into larger buffers', () => {
    const backing = new Float32Array([9, 1, 2, 9]);
    const file = writeSafetensors({ part: tensor(backing.subarray(1, 3), [2]) });
    expect(Array.from(readSafetensors(file).tensors.get('part')!.data)).toEqual([1, 2]);
  });

  it('sorts tensors by name and keeps names such as "__proto__" as plain data', () => {
    const file = writeSafetensors(
      new Map([
        ['b', tensor([1], [1])],
        ['__proto__', tensor([2], [1])],
        ['10', tensor([3], [1])],
        ['9', tensor([4], [1])],
      ]),
      { __proto__x: 'a', constructor: 'b' },
    );
    const headerLength = new DataView(file.buffer).getUint32(0, true);
    const header = new TextDecoder().decode(file.subarray(8, 8 + headerLength));
    const order = ['"10"', '"9"', '"__proto__"', '"b"'].map((name) => header.indexOf(`${name}:{"dtype"`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const { tensors, metadata } = readSafetensors(file);
    expect(tensors.get('__proto__')?.data[0]).toBe(2);
    expect(tensors.get('10')?.data[0]).toBe(3);
    expect(Object.entries(metadata)).toEqual([
      ['__proto__x', 'a'],
      ['constructor', 'b'],
    ]);
  });

  it('matches a hand-computed file byte for byte', () => {
    const file = writeSafetensors(
      {
        c: tensor([1, 2, 255], [3], 'uint8'),
        b: tensor([7, -2], [2], 'int32'),
        a: tensor([1.5], []),
      },
      { step: '7', format: 'pt' },
    );
    // 203 bytes of JSON + 5 spaces = 208, a multiple of 8; tensors contiguous in name order.
    const header =
      '{"__metadata__":{"format":"pt","step":"7"},' +
      '"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},' +
      '"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]},' +
      '"c":{"dtype":"U8","shape":[3],"data_offsets":[12,15]}}     ';
    const expected = [
      ...[208, 0, 0, 0, 0, 0, 0, 0], // u64 little-endian header length
      ...Array.from(header, (character) => character.charCodeAt(0)),
      ...[0x00, 0x00, 0xc0, 0x3f], // F32 1.5
      ...[0x07, 0x00, 0x00, 0x00, 0xfe, 0xff, 0xff, 0xff], // I32 7, -2
      ...[0x01, 0x02, 0xff], // U8 1, 2, 255
    ];
    expect(header.length).toBe(208);
    expect(Array.from(file)).toEqual(expected);
  });
});

describe('writeSafetensors rejects what it cannot write', () => {
  it('names the tensor and the problem', () => {
    expect(() => writeSafetensors({ __metadata__: tensor([1], [1]) })).toThrow(/reserved/);
    expect(() => writeSafetensors({ ['bad\uD800']: tensor([1], [1]) })).toThrow(/lone UTF-16 surrogate/);
    const wrongLength = { dtype: 'float32', shape: [3], data: new Float32Array(2) } as Tensor;
    expect(() => writeSafetensors({ w: wrongLength })).toThrow(
      /"w".data: expected a Float32Array of 3 values/,
    );
    const wrongType = { dtype: 'int32', shape: [2], data: new Float32Array(2) } as unknown as Tensor;
    expect(() => writeSafetensors({ w: wrongType })).toThrow(SafetensorsError);
    const wrongDType = { dtype: 'float64', shape: [1], data: new Float64Array(1) } as unknown as Tensor;
    expect(() => writeSafetensors({ w: wrongDType })).toThrow(/"w".dtype: unsupported dtype "float64"/);
    expect(() => writeSafetensors({}, { step: 7 } as unknown as Record<string, string>)).toThrow(
      /__metadata__: value of "step" is 7; expected a string/,
    );
  });
});

describe('readSafetensors validation', () => {
  const validEntry = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';

  it('rejects a file shorter than the 8-byte length field', () => {
    expectReadError(new Uint8Array(5), 'header length', /the file is 5 bytes; expected at least 8/);
  });

  it('rejects a header longer than 100,000,000 bytes', () => {
    expectReadError(fileFrom('{}', [], 100_000_001), 'header length', /expected at most 100000000/);
    expectReadError(fileFrom('{}', [], 2 ** 40), 'header length', /expected at most 100000000/);
  });

  it('rejects a header that runs past the end of the file', () => {
    expectReadError(fileFrom('{}', [], 100), 'header length', /only 2 follow .*truncated/);
  });

  it('rejects a header that is not UTF-8, not JSON or not an object', () => {
    expectReadError(fileFrom(new Uint8Array([0x7b, 0xff, 0x7d])), 'header', /not valid UTF-8/);
    expectReadError(fileFrom('{"w":'), 'header', /not valid JSON/);
    expectReadError(fileFrom(''), 'header', /not valid JSON/);
    expectReadError(fileFrom('\uFEFF{}'), 'header', /not valid JSON/);
    for (const header of ['[1, 2]', 'null', '"weights"', '3']) {
      expectReadError(fileFrom(header), 'header', /expected a JSON object/);
    }
  });

  it('rejects lone surrogates spelled as JSON escapes, as the writer does (regression: they were read)', () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    const data = [0, 0, 128, 63];
    expectReadError(fileFrom(`{"bad\\ud800":${entry}}`, data), 'tensor name', /lone UTF-16 surrogate/);
    expectReadError(
      fileFrom(`{"__metadata__":{"k":"v\\udfff"},"w":${entry}}`, data),
      '__metadata__["k"]',
      /lone UTF-16 surrogate/,
    );
    // A well-formed pair, escaped or not, is an ordinary name.
    const pair = readSafetensors(fileFrom(`{"\\ud83d\\ude00":${entry}}`, data));
    expect([...pair.tensors.keys()]).toEqual(['\u{1F600}']);
  });

  it('rejects an entry that is not an object', () => {
    expectReadError(fileFrom('{"w":3}'), '"w"', /expected an object \{dtype, shape, data_offsets\}, got 3/);
    expectReadError(fileFrom('{"w":[]}'), '"w"', /got \[\]/);
  });

  it('rejects an unknown dtype and lists the supported ones', () => {
    const header = '{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}';
    expectReadError(
      fileFrom(header, [0, 0, 0, 0]),
      '"w".dtype',
      /unsupported dtype "F16"; supported: F32, I32, U8/,
    );
    expectReadError(
      fileFrom('{"w":{"shape":[],"data_offsets":[0,4]}}'),
      '"w".dtype',
      /unsupported dtype nothing/,
    );
  });

  it('rejects a shape that is not an array of non-negative safe integers', () => {
    for (const shape of ['[2,-1]', '[1.5]', '"2"', '[9007199254740992]', '["2"]', 'null']) {
      const header = `{"w":{"dtype":"U8","shape":${shape},"data_offsets":[0,2]}}`;
      expectReadError(fileFrom(header, [0, 0]), '"w".shape', /expected an array of non-negative integers/);
    }
  });

  it('rejects data_offsets that are not two integers with begin ≤ end', () => {
    for (const offsets of ['[8,0]', '[0]', '[0,8,9]', '[0,"8"]', '[-1,7]', '[0,8.5]', '{}']) {
      const header = `{"w":{"dtype":"F32","shape":[2],"data_offsets":${offsets}}}`;
      expectReadError(fileFrom(header, new Uint8Array(8)), '"w".data_offsets', /0 ≤ begin ≤ end/);
    }
  });

  it('rejects a byte range that does not match the shape and dtype', () => {
    const header = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}';
    expectReadError(
      fileFrom(header, [0, 0, 0, 0]),
      '"w".data_offsets',
      /holds 4 bytes, but shape \[2\] of F32 needs 8/,
    );
    const huge = '{"w":{"dtype":"F32","shape":[4503599627370496,4503599627370496],"data_offsets":[0,4]}}';
    expectReadError(fileFrom(huge, [0, 0, 0, 0]), '"w".data_offsets', /more bytes than a file can hold/);
  });

  it('rejects offsets outside the byte buffer (a truncated file)', () => {
    expectReadError(
      fileFrom(validEntry, [0, 0, 0, 0]),
      '"w".data_offsets',
      /runs past the end of the 4-byte buffer/,
    );
  });

  it('rejects overlapping tensors and gaps between them', () => {
    const overlap =
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}';
    expectReadError(
      fileFrom(overlap, new Uint8Array(12)),
      '"b".data_offsets',
      /overlaps tensor "a", which ends at byte 8/,
    );
    const gap =
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
    expectReadError(
      fileFrom(gap, new Uint8Array(12)),
      '"b".data_offsets',
      /leaves bytes 4…7 unused after tensor "a"/,
    );
    const leadingGap = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    expectReadError(
      fileFrom(leadingGap, new Uint8Array(8)),
      '"a".data_offsets',
      /bytes 0…3 unused at the start/,
    );
  });

  it('rejects __metadata__ that is not a string → string map', () => {
    expectReadError(
      fileFrom('{"__metadata__":{"step":7}}'),
      '__metadata__',
      /value of "step" is 7; expected a string/,
    );
    expectReadError(
      fileFrom('{"__metadata__":["pt"]}'),
      '__metadata__',
      /expected an object of string values/,
    );
    expectReadError(fileFrom('{"__metadata__":null}'), '__metadata__', /expected an object of string values/);
  });

  it('rejects trailing bytes after the last tensor', () => {
    expectReadError(
      fileFrom(validEntry, new Uint8Array(10)),
      'byte buffer',
      /2 trailing bytes after the last tensor/,
    );
    expectReadError(fileFrom('{}', [1]), 'byte buffer', /1 trailing bytes/);
  });

  it('accepts zero-size tensors sharing an offset, in any header order', () => {
    const header =
      '{"z":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},' +
      '"e":{"dtype":"I32","shape":[3,0],"data_offsets":[4,4]}}';
    const { tensors } = readSafetensors(fileFrom(header, [1, 2, 3, 4]));
    expect(tensors.get('z')!.shape).toEqual([0]);
    expect(Array.from(tensors.get('a')!.data)).toEqual([1, 2, 3, 4]);
    expect(tensors.get('e')!.data).toBeInstanceOf(Int32Array);
  });

  it('rejects input that is not a Uint8Array', () => {
    expect(() => readSafetensors([1, 2, 3] as unknown as Uint8Array)).toThrow(SafetensorsError);
  });
});

describe('readSafetensors on a Node Buffer', () => {
  it('reads a file as readFileSync returns it (a Buffer whose slice is a view into a shared pool)', () => {
    const bytes = writeSafetensors({ a: tensor([1, 2, 3, 4], [4]), b: tensor([5, 6], [2]) });
    // A small Buffer from the pool: byteOffset > 0 and an ArrayBuffer larger than the file.
    const pooled = Buffer.from(bytes);
    const { tensors } = readSafetensors(pooled, 'pooled.safetensors');
    expect(Array.from(tensors.get('a')?.data ?? [])).toEqual([1, 2, 3, 4]);
    expect(Array.from(tensors.get('b')?.data ?? [])).toEqual([5, 6]);
  });
});
