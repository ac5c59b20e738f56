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
  scaledMean: number[];
  mean: number[];
  /** α·Σ·(α²Σ + σ²I)⁻¹: the posterior-mean gain. */
  gain: Matrix;
  precision: Matrix;
}

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
            scaledMean: mean.map((value) => alpha * value),
            mean,
            gain: multiply(covariance, inverse).map((row) => row.map((value) => alpha * value)),
            precision: inverse,
          };
        });
        cache.set(label, components);
      }
      return components;
    };
    const x0 = new Float64Array(x.length);
    const centered = new Float64Array(d);
    for (let b = 0; b < batch; b++) {
      const row = x.subarray(b * d, (b + 1) * d);
      if (sigma === 0) {
        for (let j = 0; j < d; j++) x0[b * d + j] = row[j]! / alpha;
        continue;
      }
      const components = componentsFor(condition[b] as number);
      const logPosterior = components.map((component) => {
        for (let j = 0; j < d; j++) centered[j] = row[j]! - component.scaledMean[j]!;
        let quadratic = 0;
        for (let i = 0; i < d; i++) {
          let projected = 0;
          for (let j = 0; j < d; j++) projected += component.precision[i]![j]! * centered[j]!;
          quadratic += centered[i]! * projected;
        }
        return component.logWeight - 0.5 * quadratic;
      });
      const top = Math.max(...logPosterior);
      const weights = logPosterior.map((value) => Math.exp(value - top));
      const total = weights.reduce((sum, value) => sum + value, 0);
      components.forEach((component, k) => {
        const responsibility = weights[k]! / total;
        for (let j = 0; j < d; j++) centered[j] = row[j]! - component.scaledMean[j]!;
        for (let i = 0; i < d; i++) {
          let correction = 0;
          for (let j = 0; j < d; j++) correction += component.gain[i]![j]! * centered[j]!;
          x0[b * d + i]! += responsibility * (component.mean[i]! + correction);
        }
      });
    }
    const state = Float64Array.from(x);
    const epsilon =
      sigma === 0 ? new Float64Array(x.length) : state.map((value, k) => (value - alpha * x0[k]!) / sigma);
    return Float32Array.from(x0AndEpsilonToPrediction(x0, epsilon, target, coefficientsAt(process, t)));
  };
}
