import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { createRunner, type OnnxRunner } from './runner.js';
import { OnnxModelError } from './runner-errors.js';

export type { OnnxRunner, OnnxTensorInfo } from './runner.js';
export { OnnxFeedError, OnnxModelError } from './runner-errors.js';

export interface NodeRunnerOptions {
  /** Passed to onnxruntime-node's InferenceSession.create (execution providers, threads, …). */
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
}

/**
 * Loads an ONNX model with onnxruntime-node, from bytes or a file path. The bytes are checked first, so
 * an empty, truncated or non-ONNX file fails with an OnnxModelError naming the file.
 */
export async function createNodeRunner(
  model: Uint8Array | string,
  options: NodeRunnerOptions = {},
): Promise<OnnxRunner> {
  const source = typeof model === 'string' ? model : '<bytes>';
  const bytes = typeof model === 'string' ? await readModelFile(model) : model;
  return createRunner(
    {
      createTensor: (type, data, dims) => new ort.Tensor(type, data, dims),
      createSession: (modelBytes) => ort.InferenceSession.create(modelBytes, options.sessionOptions ?? {}),
    },
    bytes,
    source,
  );
}

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read the file: ${(error as Error).message}`;
    throw new OnnxModelError(path, reason);
  }
}
