import type { Tensor } from '@latentlab/tensor';
import { MetricsArgumentError } from './errors.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Mean and covariance of a Gaussian fitted to a feature set, in float64. */
export interface GaussianStatistics {
  /** Feature dimension D. */
  dimension: number;
  /** Number of samples the statistics were fitted to. */
  count: number;
  /** μ (D). */
  mean: Float64Array;
  /** Σ (D, D), row-major, unbiased (divides by N − 1, as numpy.cov and pytorch-fid). */
  covariance: Float64Array;
}

/** Fits a Gaussian to feature rows (N, D), N ≥ 2, accumulating in float64. */
export function gaussianStatistics(features: Tensor): GaussianStatistics {
  if (features.shape.length !== 2 || (features.shape[0] as number) < 2) {
    throw new MetricsArgumentError(
      `gaussianStatistics: expected features (N, D) with N ≥ 2, got shape (${features.shape.join(', ')})`,
    );
  }
  const [count, dimension] = features.shape as [number, number];
  const mean = new Float64Array(dimension);
  for (let i = 0; i < count; i++)
    for (let d = 0; d < dimension; d++)
      mean[d] = (mean[d] as number) + (features.data[i * dimension + d] as number);
  for (let d = 0; d < dimension; d++) mean[d] = (mean[d] as number) / count;
  const covariance = new Float64Array(dimension * dimension);
  const centered = new Float64Array(dimension);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dimension; d++)
      centered[d] = (features.data[i * dimension + d] as number) - (mean[d] as number);
    for (let r = 0; r < dimension; r++) {
      const value = centered[r] as number;
      for (let c = r; c < dimension; c++)
        covariance[r * dimension + c] =
          (covariance[r * dimension + c] as number) + value * (centered[c] as number);
    }
  }
  for (let r = 0; r < dimension; r++) {
    for (let c = r; c < dimension; c++) {
      const value = (covariance[r * dimension + c] as number) / (count - 1);
      covariance[r * dimension + c] = value;
      covariance[c * dimension + r] = value;
    }
  }
  return { dimension, count, mean, covariance };
}

/**
 * Fréchet (2-Wasserstein) distance between N(μ₁, Σ₁) and N(μ₂, Σ₂) (Dowson & Landau 1982; used as FID by
 * Heusel et al. 2017, §3):
 *   d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}).
 * Computed in float64 with two symmetric eigen-decompositions: Σ₁^{1/2} = V √Λ Vᵀ, then the eigenvalues of
 * the symmetric PSD M = Σ₁^{1/2} Σ₂ Σ₁^{1/2}, so tr M^{1/2} = Σ √λᵢ (round-off negatives clamp to 0).
 * This avoids the non-symmetric sqrtm(Σ₁Σ₂) of pytorch-fid (same value, no complex round-off).
 */
export function frechetDistance(first: GaussianStatistics, second: GaussianStatistics): number {
  const n = first.dimension;
  if (second.dimension !== n) {
    throw new MetricsArgumentError(
      `frechetDistance: feature dimensions differ (${n} vs ${second.dimension})`,
    );
  }
  let meanTerm = 0; // ‖μ₁ − μ₂‖²
  for (let d = 0; d < n; d++) meanTerm += ((first.mean[d] as number) - (second.mean[d] as number)) ** 2;
  let traces = 0; // tr Σ₁ + tr Σ₂
  for (let d = 0; d < n; d++)
    traces += (first.covariance[d * n + d] as number) + (second.covariance[d * n + d] as number);
  const root = symmetricSqrt(first.covariance, n); // Σ₁^{1/2} (n, n)
  const product = multiply(multiply(root, second.covariance, n), root, n); // Σ₁^{1/2} Σ₂ Σ₁^{1/2} (n, n)
  symmetrize(product, n);
  const { values } = symmetricEigen(product, n);
  let traceOfRoot = 0; // tr (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}
  for (const value of values) traceOfRoot += Math.sqrt(Math.max(value, 0));
  return meanTerm + traces - 2 * traceOfRoot;
}

/** Fréchet distance between Gaussians fitted to two feature sets (N₁, D) and (N₂, D). */
export function featureFrechetDistance(first: Tensor, second: Tensor): number {
  return frechetDistance(gaussianStatistics(first), gaussianStatistics(second));
}

/** Principal square root of a symmetric PSD matrix, V √max(Λ, 0) Vᵀ. */
export function symmetricSqrt(matrix: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const root = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const scale = Math.sqrt(Math.max(values[k] as number, 0));
    if (scale === 0) continue;
    for (let r = 0; r < n; r++) {
      const left = (vectors[r * n + k] as number) * scale;
      for (let c = 0; c < n; c++)
        root[r * n + c] = (root[r * n + c] as number) + left * (vectors[c * n + k] as number);
    }
  }
  return root;
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n); // (n, n)
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      const value = a[r * n + k] as number;
      for (let c = 0; c < n; c++)
        out[r * n + c] = (out[r * n + c] as number) + value * (b[k * n + c] as number);
    }
  }
  return out;
}

function symmetrize(matrix: Float64Array, n: number): void {
  for (let r = 0; r < n; r++) {
    for (let c = r + 1; c < n; c++) {
      const value = 0.5 * ((matrix[r * n + c] as number) + (matrix[c * n + r] as number));
      matrix[r * n + c] = value;
      matrix[c * n + r] = value;
    }
  }
}
