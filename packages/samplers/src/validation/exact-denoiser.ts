import {
  coefficientsAt,
  type NoiseProcess,
  type PredictionTarget,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';
import type { Denoiser } from '../types.js';
import type { GaussianMixture } from './gaussian-data.js';
import { inverseAndLogDet, type Matrix, multiply } from './small-matrix.js';

interface ComponentAtTime {
  logWeight: number;
  /** α·μ: the component's mean at time t. */
  scaledMean: Float64Array;
  mean: Float64Array;
  /** α·Σ·(α²Σ + σ²I)⁻¹: the posterior-mean gain, row-major (d, d). */
  gain: Float64Array;
  /** (α²Σ + σ²I)⁻¹, row-major (d, d). */
  precision: Float64Array;
}

const flat = (matrix: Matrix) => Float64Array.from(matrix.flat());

/**
 * The optimal (MMSE) model for data drawn from a Gaussian mixture, in closed form: for x_t = α·x₀ + σ·ε,
 * component k has x_t ~ N(α·μₖ, α²Σₖ + σ²I) and E[x₀ | x_t, k] = μₖ + α·Σₖ·(α²Σₖ + σ²I)⁻¹·(x_t − α·μₖ);
 * E[x₀ | x_t] weighs them by the posterior responsibilities. Returned as the requested prediction target.
 * `mixtureFor(label)` gives the distribution each class label stands for (the null label: the unconditional one).
 */
export function exactDenoiser(
  process: NoiseProcess,
  target: PredictionTarget,
  mixtureFor: (label: number) => GaussianMixture,
): Denoiser<Int32Array> {
  return async ({ x, shape, t, condition }) => {
    const batch = shape[0] as number;
    const d = x.length / batch;
    const alpha = process.alpha(t);
    const sigma = process.sigma(t);
    const cache = new Map<number, ComponentAtTime[]>();
    const componentsFor = (label: number): ComponentAtTime[] => {
      let components = cache.get(label);
      if (!components) {
        components = mixtureFor(label).map(({ weight, mean, covariance }) => {
          const marginal = covariance.map((row, i) =>
            row.map((value, j) => alpha * alpha * value + (i === j ? sigma * sigma : 0)),
          );
          const { inverse, logDet } = inverseAndLogDet(marginal);
          return {
            logWeight: Math.log(weight) - 0.5 * logDet,
            scaledMean: Float64Array.from(mean, (value) => alpha * value),
            mean: Float64Array.from(mean),
            gain: flat(multiply(covariance, inverse).map((row) => row.map((value) => alpha * value))),
            precision: flat(inverse),
          };
        });
        cache.set(label, components);
      }
      return components;
    };
    // The per-sample loops run ~10⁸ times in the validation: flat arrays, nothing allocated per sample.
    const x0 = new Float64Array(x.length);
    const centered = new Float64Array(d);
    let logPosterior = new Float64Array(0);
    for (let b = 0; b < batch; b++) {
      const offset = b * d;
      if (sigma === 0) {
        for (let j = 0; j < d; j++) x0[offset + j] = x[offset + j]! / alpha;
        continue;
      }
      const components = componentsFor(condition[b] as number);
      const count = components.length;
      if (logPosterior.length < count) logPosterior = new Float64Array(count);
      let top = Number.NEGATIVE_INFINITY;
      if (count > 1) {
        for (let k = 0; k < count; k++) {
          const { scaledMean, precision, logWeight } = components[k]!;
          for (let j = 0; j < d; j++) centered[j] = x[offset + j]! - scaledMean[j]!;
          let quadratic = 0;
          for (let i = 0; i < d; i++) {
            let projected = 0;
            for (let j = 0; j < d; j++) projected += precision[i * d + j]! * centered[j]!;
            quadratic += centered[i]! * projected;
          }
          logPosterior[k] = logWeight - 0.5 * quadratic;
          if (logPosterior[k]! > top) top = logPosterior[k]!;
        }
      }
      let total = 0;
      for (let k = 0; k < count; k++) {
        logPosterior[k] = count > 1 ? Math.exp(logPosterior[k]! - top) : 1;
        total += logPosterior[k]!;
      }
      for (let k = 0; k < count; k++) {
        const { scaledMean, mean, gain } = components[k]!;
        const responsibility = logPosterior[k]! / total;
        for (let j = 0; j < d; j++) centered[j] = x[offset + j]! - scaledMean[j]!;
        for (let i = 0; i < d; i++) {
          let correction = 0;
          for (let j = 0; j < d; j++) correction += gain[i * d + j]! * centered[j]!;
          x0[offset + i]! += responsibility * (mean[i]! + correction);
        }
      }
    }
    const state = Float64Array.from(x);
    const epsilon =
      sigma === 0 ? new Float64Array(x.length) : state.map((value, k) => (value - alpha * x0[k]!) / sigma);
    return Float32Array.from(x0AndEpsilonToPrediction(x0, epsilon, target, coefficientsAt(process, t)));
  };
}
