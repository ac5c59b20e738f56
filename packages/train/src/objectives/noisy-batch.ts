import {
  coefficientsAt,
  type NoiseProcess,
  noisySample,
  type PredictionTarget,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';
import type { Rng } from '@latentlab/tensor';
import type { LossWeighting } from './loss-weighting.js';
import type { TrainingTimes } from './training-times.js';

/** A batch of clean samples noised for one training step, with its regression target. */
export interface NoisyBatch {
  noisy: Float32Array; // (B, …) x_t
  times: Float32Array; // (B)
  target: Float32Array; // (B, …) what the network should predict
  /** Per-sample loss weights (B), or undefined when every weight is 1. */
  weights: Float32Array | undefined;
}

export interface NoisyBatchSettings {
  process: NoiseProcess;
  target: PredictionTarget;
  times: TrainingTimes;
  weighting: LossWeighting;
}

/**
 * One step of the generalized diffusion objective (Kingma et al. 2021; Karras et al. 2022, Table 1), on the
 * JS side, with the step's randomness drawn from `rng` in a fixed order (times, then noise):
 * t from the time distribution, ε ~ N(0, I), x_t = α(t)·x₀ + σ(t)·ε (`noisySample`) and the target
 * of `target` for (x₀, ε) (`x0AndEpsilonToPrediction`) — the formulas live once, in @latentlab/schedules.
 * x0 (B·size values, one sample after another) → x_t, t, target, weights.
 */
export function noisyBatch(
  x0: Float32Array,
  batch: number,
  rng: Rng,
  settings: NoisyBatchSettings,
): NoisyBatch {
  const size = x0.length / batch;
  const times = settings.times.sample(rng, batch); // (B)
  const epsilon = rng.normal(batch * size); // (B, …)
  const noisy = new Float32Array(batch * size);
  const target = new Float32Array(batch * size);
  const weights = settings.weighting.name === 'uniform' ? undefined : new Float32Array(batch);
  for (let row = 0; row < batch; row++) {
    const coefficients = coefficientsAt(settings.process, times[row]!);
    const from = row * size;
    const cleanRow = x0.subarray(from, from + size);
    const noiseRow = epsilon.subarray(from, from + size);
    noisy.set(noisySample(cleanRow, noiseRow, coefficients), from);
    target.set(x0AndEpsilonToPrediction(cleanRow, noiseRow, settings.target, coefficients), from);
    if (weights) weights[row] = settings.weighting.weight(coefficients, settings.target);
  }
  return { noisy, times, target, weights };
}
