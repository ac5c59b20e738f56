import { type AutoencoderConfig, type AutoencoderGraph, autoencoderModel } from '@latentlab/autoencoders';
import type { ModelFunction, ParamStore, Tensor } from '@latentlab/tensor';
import { paramsFromMap } from '@latentlab/tensor';
import { fromTf, runModel, type tf, toTf } from '@latentlab/tfjs';

/** Runs a model function once on tfjs with plain tensors in and out; every tfjs tensor is released. */
export function runTfjsGraph(
  model: ModelFunction,
  weights: ParamStore,
  feeds: Record<string, Tensor>,
): Record<string, Tensor> {
  const tensors = new Map<string, tf.Tensor>([...weights].map(([name, value]) => [name, toTf(value)]));
  const inputs = Object.fromEntries(Object.entries(feeds).map(([name, value]) => [name, toTf(value)]));
  try {
    const outputs = runModel(model, paramsFromMap(tensors), inputs);
    return Object.fromEntries(
      Object.entries(outputs).map(([name, value]) => {
        const copied = fromTf(value);
        value.dispose();
        return [name, copied];
      }),
    );
  } finally {
    for (const value of [...tensors.values(), ...Object.values(inputs)]) value.dispose();
  }
}

/** One graph of an autoencoder on tfjs: named inputs → named outputs. */
export function runGraphOnTfjs(
  config: AutoencoderConfig,
  graph: AutoencoderGraph,
  weights: ParamStore,
  inputs: Record<string, Tensor>,
): Record<string, Tensor> {
  return runTfjsGraph(autoencoderModel(config, graph), weights, inputs);
}
