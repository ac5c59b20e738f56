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
  });

  it('refuses a file with no image: an empty list or only empty lists (regression: both were accepted)', () => {
    expect(formatError('{"data":[]}').message).toBe(
      `${SOURCE}: "data": expected at least one image of 4 pixel values, found an empty list`,
    );
    expect(formatError('{"data":[[],[],[]]}').found).toBe('3 empty lists');
  });

  it('refuses leading zeros, which JSON does not allow (regression: 007 was read as 7)', () => {
    const error = formatError('{"data":[[1,007,3,4]]}');
    expect(error.field).toBe('data[0][1]');
    expect(error.message).toBe(
      `${SOURCE}: data[0][1]: expected an integer 0–255 without leading zeros, found '0' at byte 12`,
    );
    expect(parse('{"data":[[0,10,100,0]]}').count).toBe(1); // a lone 0 and zeros after a digit are fine
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
