import type { ModelFunction, Params } from '@latentlab/tensor';
import type { tf } from './tf.js';
import { tfjsOps } from './tfjs-ops.js';

/** Runs a model written against `Ops` with tfjs ops; a single output is returned under `output`. */
export function runModel(
  model: ModelFunction,
  params: Params<tf.Tensor>,
  inputs: Readonly<Record<string, tf.Tensor>>,
): Record<string, tf.Tensor> {
  const result = model(tfjsOps, params, inputs);
  return isTensor(result) ? { output: result } : { ...result };
}

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === 'object' && value !== null && 'dataSync' in value && 'shape' in value;
}
