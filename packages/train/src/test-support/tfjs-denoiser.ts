import type { Denoiser } from '@latentlab/samplers';
import { type ModelFunction, type ParamStore, paramsFromMap } from '@latentlab/tensor';
import { runModel, tf, toTf } from '@latentlab/tfjs';

/** A trained model on tfjs as a sampler's unconditional `Denoiser`; `release` frees its weights. */
export function tfjsDenoiser(model: ModelFunction, weights: ParamStore) {
  const tensors = new Map([...weights].map(([name, value]) => [name, toTf(value)]));
  const params = paramsFromMap(tensors);
  const denoiser: Denoiser<null> = async ({ x, shape, t }) => {
    const output = tf.tidy(() => {
      const inputs = { x: tf.tensor(x, [...shape]), t: tf.fill([shape[0]!], t) };
      return runModel(model, params, inputs)['output'] as tf.Tensor;
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  };
  const release = () => {
    for (const value of tensors.values()) value.dispose();
  };
  return { denoiser, release };
}
