/** Thrown while exporting when a model uses an op (or an op option) that the ONNX graph cannot express. */
export class UnsupportedOpError extends Error {
  override name = 'UnsupportedOpError';
  constructor(
    readonly op: string,
    message: string,
  ) {
    super(message);
  }
}
