import type { Denoiser } from '@latentlab/samplers';
import type { ModelFunction, Params } from '@latentlab/tensor';
import { runModel, tf } from '@latentlab/tfjs';

/** The model on tfjs as a sampler's `Denoiser`: condition = class labels (B) int32. */
export function tfjsDenoiser(model: ModelFunction, params: Params<tf.Tensor>): Denoiser<Int32Array> {
  return async ({ x, shape, t, condition }) => {
    const batch = shape[0]!;
    const output = tf.tidy(() => {
      const feeds = {
        x: tf.tensor(x, [...shape], 'float32'), // (B, …)
        t: tf.fill([batch], t, 'float32'), // (B)
        y: tf.tensor1d(condition, 'int32'), // (B)
      };
      return runModel(model, params, feeds)['output'] as tf.Tensor; // (B, …)
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  };
}
