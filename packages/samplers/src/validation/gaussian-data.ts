import type { Rng } from '@latentlab/tensor';
import { cholesky, type Matrix, multiplyVector } from './small-matrix.js';

/** One Gaussian N(mean, covariance) with its mixture weight. */
export interface GaussianComponent {
  weight: number;
  mean: number[];
  covariance: Matrix;
}

/** A distribution the exact denoiser knows in closed form: a mixture of Gaussians (one component = Gaussian). */
export type GaussianMixture = readonly GaussianComponent[];

/** Mean and covariance of a mixture: m = Σπₖμₖ, C = Σπₖ(Σₖ + μₖμₖᵀ) − m·mᵀ. */
export function mixtureMoments(mixture: GaussianMixture): { mean: number[]; covariance: Matrix } {
  const d = mixture[0]!.mean.length;
  const total = mixture.reduce((sum, component) => sum + component.weight, 0);
  const mean = Array.from({ length: d }, (_, i) =>
    mixture.reduce((sum, component) => sum + (component.weight / total) * component.mean[i]!, 0),
  );
  const covariance = Array.from({ length: d }, (_, i) =>
    Array.from(
      { length: d },
      (_, j) =>
        mixture.reduce(
          (sum, { weight, mean: mu, covariance: sigma }) =>
            sum + (weight / total) * (sigma[i]![j]! + mu[i]! * mu[j]!),
          0,
        ) -
        mean[i]! * mean[j]!,
    ),
  );
  return { mean, covariance };
}

/** n draws (row-major (n, d)) from a mixture. */
export function sampleMixture(mixture: GaussianMixture, n: number, rng: Rng): Float64Array {
  const d = mixture[0]!.mean.length;
  const factors = mixture.map((component) => cholesky(component.covariance));
  const total = mixture.reduce((sum, component) => sum + component.weight, 0);
  const picks = rng.uniform(n);
  const noise = rng.normal(n * d);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let k = 0;
    let cumulative = mixture[0]!.weight / total;
    while (picks[i]! > cumulative && k < mixture.length - 1) cumulative += mixture[++k]!.weight / total;
    const z = noise.subarray(i * d, (i + 1) * d);
    const offset = multiplyVector(factors[k]!, z);
    for (let j = 0; j < d; j++) out[i * d + j] = mixture[k]!.mean[j]! + offset[j]!;
  }
  return out;
}

/** Sample mean and covariance of rows (n, d). */
export function sampleMoments(samples: ArrayLike<number>, d: number): { mean: number[]; covariance: Matrix } {
  const n = samples.length / d;
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += (samples[i * d + j] as number) / n;
  const covariance: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) {
        covariance[j]![k]! +=
          (((samples[i * d + j] as number) - mean[j]!) * ((samples[i * d + k] as number) - mean[k]!)) /
          (n - 1);
      }
    }
  }
  return { mean, covariance };
}

/** Errors of sample moments relative to the data's standard deviations (max over coordinates). */
export function momentErrors(
  samples: ArrayLike<number>,
  expected: { mean: number[]; covariance: Matrix },
): { mean_err: number; cov_err: number } {
  const d = expected.mean.length;
  const actual = sampleMoments(samples, d);
  const std = expected.covariance.map((row, i) => Math.sqrt(row[i]!));
  let meanError = 0;
  let covarianceError = 0;
  for (let i = 0; i < d; i++) {
    meanError = Math.max(meanError, Math.abs(actual.mean[i]! - expected.mean[i]!) / std[i]!);
    for (let j = 0; j < d; j++) {
      const scale = std[i]! * std[j]!;
      covarianceError = Math.max(
        covarianceError,
        Math.abs(actual.covariance[i]![j]! - expected.covariance[i]![j]!) / scale,
      );
    }
  }
  return { mean_err: meanError, cov_err: covarianceError };
}
