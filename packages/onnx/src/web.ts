import * as ort from 'onnxruntime-web';
import { createRunner, type OnnxRunner } from './runner.js';
import { OnnxModelError } from './runner-errors.js';

export { type DeviceTensor, isDeviceTensor, type OnnxRunner, type OnnxTensorInfo } from './runner.js';
export { OnnxFeedError, OnnxModelError } from './runner-errors.js';

export interface WebRunnerOptions {
  /** Passed to onnxruntime-web's InferenceSession.create (default execution provider: 'wasm'). */
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
  /** What errors call the model when it is given as bytes (default '<bytes>'; a URL names itself). */
  readonly source?: string;
  /**
   * Outputs to keep on the GPU between runs on WebGPU (`preferredOutputLocation: 'gpu-buffer'`), e.g. a KV
   * cache's `present.*`: returned as DeviceTensors to feed back as inputs (see `DeviceTensor`).
   */
  readonly deviceOutputs?: readonly string[];
}

/**
 * Loads an ONNX model with onnxruntime-web, from bytes or a URL (fetched). The bytes are checked first,
 * so an empty, truncated or non-ONNX file fails with an OnnxModelError naming the URL.
 * Threads and wasm paths are onnxruntime-web's global settings (`ort.env.wasm`).
 */
export async function createWebRunner(
  model: Uint8Array | string,
  options: WebRunnerOptions = {},
): Promise<OnnxRunner> {
  const source = typeof model === 'string' ? model : (options.source ?? '<bytes>');
  const bytes = typeof model === 'string' ? await fetchModel(model) : model;
  return createRunner(
    {
      createTensor: (type, data, dims) => new ort.Tensor(type, data, dims),
      createSession: (modelBytes) =>
        ort.InferenceSession.create(modelBytes, {
          executionProviders: ['wasm'],
          ...options.sessionOptions,
          ...(options.deviceOutputs?.length
            ? {
                preferredOutputLocation: Object.fromEntries(
                  options.deviceOutputs.map((name) => [name, 'gpu-buffer' as const]),
                ),
              }
            : {}),
        }),
    },
    bytes,
    source,
    options.deviceOutputs ?? [],
  );
}

async function fetchModel(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new OnnxModelError(url, `could not fetch the model: ${(error as Error).message}`);
  }
  if (!response.ok) {
    throw new OnnxModelError(
      url,
      `could not fetch the model: HTTP ${response.status} ${response.statusText}`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}
