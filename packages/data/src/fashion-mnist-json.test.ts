import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from './errors.js';
import { parseFashionMnistClassFile } from './fashion-mnist-json.js';

const SOURCE = 'clothes/3.json';
const encode = (text: string) => new TextEncoder().encode(text);
const parse = (text: string, pixelsPerImage = 4) =>
  parseFashionMnistClassFile(encode(text), SOURCE, pixelsPerImage);

function formatError(text: string, pixelsPerImage = 4): DatasetFormatError {
  try {
    parse(text, pixelsPerImage);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as DatasetFormatError).message).toContain(SOURCE);
    return error as DatasetFormatError;
  }
  throw new Error('expected a DatasetFormatError');
}

describe('parseFashionMnistClassFile', () => {
  it('reads images in order and skips empty entries, as in the package files', () => {
    const parsed = parse('{"data":[[0,1,2,3],[],[255,254,253,252],[]]}');
    expect(parsed.count).toBe(2);
    expect(Array.from(parsed.pixels)).toEqual([0, 1, 2, 3, 255, 254, 253, 252]);
  });

  it('accepts JSON whitespace anywhere', () => {
    const parsed = parse(' {\n "data" : [ [ 1 , 2,3 ,4 ] ,\n[5,6,7,8] ] }\n');
    expect(Array.from(parsed.pixels)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parse('{"data":[]}').count).toBe(0);
  });

  it('names the entry whose length is not 28×28', () => {
    const error = formatError('{"data":[[1,2,3,4],[1,2,3]]}');
    expect(error.field).toBe('data[1] length');
    expect(error.message).toBe(`${SOURCE}: data[1] length: expected 4 pixel values (28×28), found 3`);
  });

  it('names the pixel that is not an integer 0–255, and where it is', () => {
    expect(formatError('{"data":[[1,2,256,4]]}').field).toBe('data[0][2]');
    expect(formatError('{"data":[[1,2,0.5,4]]}').found).toContain("'.'");
    const negative = formatError('{"data":[[1,-2,3,4]]}');
    expect(negative.field).toBe('data[0][1]');
    expect(negative.found).toBe("'-' at byte 12");
  });

  it('rejects a truncated file and trailing content', () => {
    const complete = '{"data":[[1,2,3,4],[5,6,7,8]]}';
    const truncated = formatError(complete.slice(0, 20));
    expect(truncated.found).toContain('the end of the file');
    expect(formatError(`${complete}x`).field).toBe('length');
    expect(formatError('{"labels":[]}').field).toBe('key');
    expect(formatError('not json').field).toBe('JSON object');
  });
});
