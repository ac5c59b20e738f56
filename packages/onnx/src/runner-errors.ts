/** A model file or buffer that cannot be loaded: empty, truncated, not ONNX, or rejected by onnxruntime. */
export class OnnxModelError extends Error {
  override name = 'OnnxModelError';
  constructor(
    /** The file path or URL, or '<bytes>' for a buffer. */
    readonly source: string,
    /** What is wrong, without the source. */
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** Feeds that do not fit the model's inputs: unknown or missing name, wrong dtype, rank or size. */
export class OnnxFeedError extends Error {
  override name = 'OnnxFeedError';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}
