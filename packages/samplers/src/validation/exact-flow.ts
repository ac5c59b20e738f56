import type { NoiseLevel } from '@latentlab/schedules';
import { type Matrix, matrixFunction } from './small-matrix.js';

/**
 * The exact probability-flow ODE map for Gaussian data N(μ, Σ) between two levels. Along the ODE each
 * eigen-direction of Σ (eigenvalue λ) scales by the ratio of marginal standard deviations, so
 *   x_to = α_to·μ + M·(x_from − α_from·μ),  M = f(Σ),  f(λ) = √((α_to²λ + σ_to²) / (α_from²λ + σ_from²))
 * (in Karras et al.'s y = x/α, s = σ/α: y − μ ∝ √(λ + s²) solves dy/ds = ε̂). Rows (n, d).
 */
export function exactFlow(
  samples: Float64Array,
  mean: readonly number[],
  covariance: Matrix,
  from: NoiseLevel,
  to: NoiseLevel,
): Float64Array {
  const d = mean.length;
  const map = matrixFunction(covariance, (lambda) =>
    Math.sqrt((to.alpha ** 2 * lambda + to.sigma ** 2) / (from.alpha ** 2 * lambda + from.sigma ** 2)),
  );
  const out = new Float64Array(samples.length);
  for (let row = 0; row < samples.length / d; row++) {
    for (let i = 0; i < d; i++) {
      let value = to.alpha * mean[i]!;
      for (let j = 0; j < d; j++) value += map[i]![j]! * (samples[row * d + j]! - from.alpha * mean[j]!);
      out[row * d + i] = value;
    }
  }
  return out;
}
