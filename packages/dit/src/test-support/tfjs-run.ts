import { type ModelFunction, type ParamStore, paramsFromMap, type Tensor } from '@latentlab/tensor';
import { fromTf, runModel, tf, toTf } from '@latentlab/tfjs';

/** Runs `compute` inside tf.tidy (every tfjs tensor it makes is freed) and returns its plain result. */
export function tidyPlain<R>(compute: () => R): R {
  let result: R | undefined;
  tf.tidy(() => {
    result = compute();
  });
  return result as R;
}

/** Runs a model eagerly with tfjs ops and returns its single output as a plain tensor. */
export function runWithTfjs(
  model: ModelFunction,
  params: ParamStore,
  inputs: Record<string, Tensor>,
): Tensor {
  return tidyPlain(() => {
    const variables = new Map([...params].map(([name, value]) => [name, toTf(value)]));
    const feeds = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
    return fromTf(runModel(model, paramsFromMap(variables), feeds)['output'] as tf.Tensor);
  });
}
