import type { DenoiserInput, DenoiserScalars } from '@latentlab/samplers';
import type { ModelFunction, Params } from '@latentlab/tensor';
import { runModel, tf } from '@latentlab/tfjs';

/**
 * A sampler's `Denoiser<Int32Array>` that also hears the student's scalar inputs (onnxDenoiser's form):
 * condition = class labels (B) int32.
 */
export type ClassDenoiser = (
  input: DenoiserInput<Int32Array> & { scalars?: DenoiserScalars },
) => Promise<Float32Array>;

/** The CLI's names of the scalar inputs (its DiT scalar conditions). */
const SCALAR_INPUTS = { guidanceScale: 'w', stepSize: 'd' } as const;

/** The model on tfjs as a `ClassDenoiser`; a scalar is fed as its input 'w' or 'd' when given. */
export function tfjsDenoiser(model: ModelFunction, params: Params<tf.Tensor>): ClassDenoiser {
  return async ({ x, shape, t, condition, scalars }) => {
    const batch = shape[0]!;
    const output = tf.tidy(() => {
      const feeds: Record<string, tf.Tensor> = {
        x: tf.tensor(x, [...shape], 'float32'), // (B, …)
        t: tf.fill([batch], t, 'float32'), // (B)
        y: tf.tensor1d(condition, 'int32'), // (B)
      };
      for (const [key, name] of Object.entries(SCALAR_INPUTS)) {
        const value = scalars?.[key as keyof DenoiserScalars];
        if (value !== undefined) feeds[name] = tf.fill([batch], value, 'float32'); // (B)
      }
      return runModel(model, params, feeds)['output'] as tf.Tensor; // (B, …)
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  };
}
