import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { createWebRunner } from '@latentlab/onnx/web';
import {
  type ModelFunction,
  maxAbsDiff,
  type ParamStore,
  paramsFromMap,
  type Tensor,
} from '@latentlab/tensor';
import { fromTf, runModel, tf, toTf } from '@latentlab/tfjs';

export type InputSpecs = Record<string, { shape: (number | string)[]; dtype: 'float32' | 'int32' }>;

/** Runs a model eagerly with tfjs ops and returns its outputs as plain tensors. */
export function runWithTfjs(
  model: ModelFunction,
  params: ParamStore,
  inputs: Record<string, Tensor>,
): Record<string, Tensor> {
  let outputs: Record<string, Tensor> = {};
  tf.tidy(() => {
    const variables = new Map([...params].map(([name, value]) => [name, toTf(value)]));
    const feeds = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
    const results = runModel(model, paramsFromMap(variables), feeds);
    outputs = Object.fromEntries(Object.entries(results).map(([name, value]) => [name, fromTf(value)]));
  });
  return outputs;
}

/** Input specs from example inputs; with `dynamicBatch` the first axis becomes the symbolic 'batch'. */
export function specsFor(inputs: Record<string, Tensor>, dynamicBatch: boolean): InputSpecs {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      name,
      {
        shape: value.shape.map((dim, axis) => (dynamicBatch && axis === 0 ? 'batch' : dim)),
        dtype: value.dtype === 'int32' ? 'int32' : 'float32',
      },
    ]),
  );
}

export interface ParityReport {
  /** Largest |tfjs − onnxruntime| over every output element. */
  maxAbsDiff: number;
  /** Largest |tfjs output| (to judge the difference against). */
  maxAbs: number;
  onnxBytes: Uint8Array;
}

function compareOutputs(expected: Record<string, Tensor>, actual: Record<string, Tensor>): number {
  let worst = 0;
  for (const [name, value] of Object.entries(expected)) {
    const other = actual[name];
    if (!other) throw new Error(`onnxruntime returned no output '${name}'`);
    if (other.shape.join(',') !== value.shape.join(',')) {
      throw new Error(`output '${name}': onnxruntime shape [${other.shape}] vs tfjs [${value.shape}]`);
    }
    if (other.dtype !== value.dtype) {
      throw new Error(`output '${name}': onnxruntime dtype ${other.dtype} vs tfjs ${value.dtype}`);
    }
    worst = Math.max(worst, maxAbsDiff(value, other));
  }
  return worst;
}

/** Exports `model`, runs it in onnxruntime (node, or web = the wasm build) and compares with tfjs. */
export async function checkParity(
  model: ModelFunction,
  params: ParamStore,
  inputs: Record<string, Tensor>,
  options: { dynamicBatch?: boolean; runtime?: 'node' | 'web'; onnxBytes?: Uint8Array } = {},
): Promise<ParityReport> {
  const expected = runWithTfjs(model, params, inputs);
  const onnxBytes =
    options.onnxBytes ?? exportOnnx(model, params, specsFor(inputs, options.dynamicBatch ?? false));
  const runner =
    options.runtime === 'web' ? await createWebRunner(onnxBytes) : await createNodeRunner(onnxBytes);
  try {
    const actual = await runner.run(inputs);
    const maxAbs = Math.max(
      ...Object.values(expected).map((value) => maxAbsDiff(value, new Float32Array(value.data.length))),
    );
    return { maxAbsDiff: compareOutputs(expected, actual), maxAbs, onnxBytes };
  } finally {
    await runner.release();
  }
}
