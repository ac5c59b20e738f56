import { type AutoencoderConfig, autoencoderModel } from '@latentlab/autoencoders';
import { type ParamStore, paramsFromMap, tensor } from '@latentlab/tensor';
import { runModel, type tf, toTf } from '@latentlab/tfjs';
import { type DatasetName, loadTrainingData } from '../recipes/datasets.js';

/** Training images whose latents set the scaling (the first 5,000, in batches of 500). */
const SCALING_IMAGES = 5000;
const BATCH = 500;

/**
 * Latent diffusion's scale factor (Rombach et al. 2022, §4.3.2 and appendix G): 1 / the standard deviation of
 * the VAE's latents (posterior means) over training images, so that a diffusion model sees latents of unit
 * variance; the shift is their mean (0 in the paper's convention; recorded so a model may centre them).
 */
export function latentScalingOf(
  config: AutoencoderConfig,
  weights: ParamStore,
  dataset: DatasetName,
): { scale: number; shift: number } {
  const data = loadTrainingData(dataset, 0);
  const size = data.exampleShape.reduce((product, dim) => product * dim, 1);
  const tensors = new Map<string, tf.Tensor>([...weights].map(([name, value]) => [name, toTf(value)]));
  let sum = 0;
  let squares = 0;
  let count = 0;
  try {
    for (let start = 0; start < SCALING_IMAGES; start += BATCH) {
      const images = tensor(data.examples.slice(start * size, (start + BATCH) * size), [
        BATCH,
        ...data.exampleShape,
      ]);
      const input = toTf(images);
      const latent = runModel(autoencoderModel(config, 'encoder'), paramsFromMap(tensors), { x: input })[
        'latent'
      ]!;
      const values = latent.dataSync() as Float32Array;
      for (const value of values) {
        sum += value;
        squares += value * value;
      }
      count += values.length;
      latent.dispose();
      input.dispose();
    }
  } finally {
    for (const value of tensors.values()) value.dispose();
  }
  const mean = sum / count;
  const std = Math.sqrt(Math.max(squares / count - mean * mean, 1e-12));
  return { scale: 1 / std, shift: mean };
}
