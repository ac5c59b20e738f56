import { dropClassLabels } from '@latentlab/dit';
import type { NoiseProcess } from '@latentlab/schedules';
import type { Rng } from '@latentlab/tensor';
import type { TrainingData } from '../recipes/recipe.js';
import { sampleTrainingTimes, type TimeDistribution } from './training-times.js';

/** One rectified-flow training batch: model inputs and the regression target. */
export interface FlowBatch {
  noisy: Float32Array; // (B, …) x_t
  times: Float32Array; // (B)
  labels: Int32Array; // (B), some replaced by the null class
  velocity: Float32Array; // (B, …) the target ε − x₀
}

export interface FlowBatchSettings {
  classes: number;
  labelDropout: number;
  timeDistribution?: TimeDistribution;
  timeMean: number;
  timeStd: number;
}

/**
 * Rectified flow (Liu et al. 2023; Esser et al. 2024 eq. 1–3) for the examples at `indices`, with all of
 * the step's randomness from `rng`: t from the time distribution (logit-normal(m, s) by default),
 * ε ~ N(0, I), CFG label dropout;
 * x_t = α(t)·x₀ + σ(t)·ε and the velocity target dx_t/dt = α'(t)·x₀ + σ'(t)·ε (= ε − x₀ for RF).
 */
export function flowBatch(
  process: NoiseProcess,
  data: TrainingData,
  indices: Int32Array,
  rng: Rng,
  settings: FlowBatchSettings,
): FlowBatch {
  const batch = indices.length;
  const size = data.exampleSize;
  const times = sampleTrainingTimes(rng, batch, {
    timeDistribution: settings.timeDistribution ?? 'logit-normal',
    timeMean: settings.timeMean,
    timeStd: settings.timeStd,
  }); // (B)
  const epsilon = rng.normal(batch * size); // (B, …)
  const labels = dropClassLabels(
    Int32Array.from(indices, (index) => data.labels[index]!),
    settings.classes,
    settings.labelDropout,
    rng,
  ); // (B)
  const noisy = new Float32Array(batch * size);
  const velocity = new Float32Array(batch * size);
  for (let row = 0; row < batch; row++) {
    const t = times[row]!;
    const [alpha, sigma] = [process.alpha(t), process.sigma(t)];
    const [alphaRate, sigmaRate] = [process.alphaDerivative(t), process.sigmaDerivative(t)];
    const source = indices[row]! * size;
    for (let k = 0; k < size; k++) {
      const x0 = data.examples[source + k]!;
      const noise = epsilon[row * size + k]!;
      noisy[row * size + k] = alpha * x0 + sigma * noise;
      velocity[row * size + k] = alphaRate * x0 + sigmaRate * noise;
    }
  }
  return { noisy, times, labels, velocity };
}
