import { createRng, tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import {
  featureFrechetDistance,
  frechetDistance,
  type GaussianStatistics,
  gaussianStatistics,
} from './frechet-distance.js';
import { symmetricEigen } from './symmetric-eigen.js';

const gaussian = (mean: number[], covariance: number[]): GaussianStatistics => ({
  dimension: mean.length,
  count: 0,
  mean: Float64Array.from(mean),
  covariance: Float64Array.from(covariance),
});

/** A random SPD matrix B Bᵀ + n·I·scale (n, n). */
function randomSpd(n: number, seed: number): number[] {
  const b = createRng(seed).normal(n * n);
  const out: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      let value = r === c ? 0.1 : 0;
      for (let k = 0; k < n; k++) value += (b[r * n + k] as number) * (b[c * n + k] as number);
      out.push(value);
    }
  }
  return out;
}

// ---- a second implementation, for the check: Denman–Beavers iteration for sqrtm (Denman & Beavers 1976),
// applied to the non-symmetric Σ₁Σ₂ as pytorch-fid does with scipy.linalg.sqrtm.
function matmul(a: number[], b: number[], n: number): number[] {
  const out = new Array<number>(n * n).fill(0);
  for (let r = 0; r < n; r++)
    for (let k = 0; k < n; k++) for (let c = 0; c < n; c++) out[r * n + c]! += a[r * n + k]! * b[k * n + c]!;
  return out;
}
function inverse(matrix: number[], n: number): number[] {
  const a = [...matrix];
  const inv = Array.from({ length: n * n }, (_, i): number => (i % (n + 1) === 0 ? 1 : 0));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
    for (let c = 0; c < n; c++) {
      [a[col * n + c], a[pivot * n + c]] = [a[pivot * n + c]!, a[col * n + c]!];
      [inv[col * n + c], inv[pivot * n + c]] = [inv[pivot * n + c]!, inv[col * n + c]!];
    }
    const scale = a[col * n + col]!;
    for (let c = 0; c < n; c++) {
      a[col * n + c]! /= scale;
      inv[col * n + c]! /= scale;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r * n + col]!;
      for (let c = 0; c < n; c++) {
        a[r * n + c]! -= factor * a[col * n + c]!;
        inv[r * n + c]! -= factor * inv[col * n + c]!;
      }
    }
  }
  return inv;
}
function denmanBeaversSqrt(matrix: number[], n: number): number[] {
  let y = [...matrix];
  let z = Array.from({ length: n * n }, (_, i): number => (i % (n + 1) === 0 ? 1 : 0));
  for (let iteration = 0; iteration < 60; iteration++) {
    const yInverse = inverse(y, n);
    const zInverse = inverse(z, n);
    y = y.map((value, i) => 0.5 * (value + zInverse[i]!));
    z = z.map((value, i) => 0.5 * (value + yInverse[i]!));
  }
  return y;
}
function referenceFrechet(mean1: number[], cov1: number[], mean2: number[], cov2: number[]): number {
  const n = mean1.length;
  const root = denmanBeaversSqrt(matmul(cov1, cov2, n), n); // sqrtm(Σ₁Σ₂)
  let value = 0;
  for (let d = 0; d < n; d++)
    value += (mean1[d]! - mean2[d]!) ** 2 + cov1[d * n + d]! + cov2[d * n + d]! - 2 * root[d * n + d]!;
  return value;
}

describe('symmetricEigen', () => {
  it('reconstructs a random symmetric matrix, V Λ Vᵀ = A, with orthonormal V', () => {
    const n = 12;
    const a = Float64Array.from(randomSpd(n, 3));
    const { values, vectors } = symmetricEigen(a, n);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[r * n + k]! * values[k]! * vectors[c * n + k]!;
          gram += vectors[k * n + r]! * vectors[k * n + c]!;
        }
        expect(rebuilt).toBeCloseTo(a[r * n + c]!, 10);
        expect(gram).toBeCloseTo(r === c ? 1 : 0, 12);
      }
    }
  });
});

describe('frechetDistance', () => {
  it('is 0 for identical feature sets', () => {
    const features = tensor(createRng(0).normal(500 * 16), [500, 16]);
    expect(Math.abs(featureFrechetDistance(features, features))).toBeLessThan(1e-9);
  });

  it('is ‖Δμ‖² when only the means differ', () => {
    const covariance = randomSpd(4, 1);
    const value = frechetDistance(gaussian([0, 1, 2, 3], covariance), gaussian([1, -1, 2, 3.5], covariance));
    expect(value).toBeCloseTo(1 + 4 + 0 + 0.25, 9);
  });

  it('is Σ(√a − √b)² for diagonal covariances', () => {
    const a = [1, 4, 0.25, 9];
    const b = [4, 1, 1, 16];
    const diagonal = (values: number[]) =>
      values.flatMap((value, r) => values.map((_, c) => (r === c ? value : 0)));
    const expected = a.reduce((sum, value, i) => sum + (Math.sqrt(value) - Math.sqrt(b[i]!)) ** 2, 0);
    expect(
      frechetDistance(gaussian([0, 0, 0, 0], diagonal(a)), gaussian([0, 0, 0, 0], diagonal(b))),
    ).toBeCloseTo(expected, 10);
  });

  it('matches a Denman–Beavers sqrtm(Σ₁Σ₂) for non-commuting 3×3 covariances', () => {
    const cov1 = randomSpd(3, 7);
    const cov2 = randomSpd(3, 8);
    const mean1 = [0.5, -1, 2];
    const mean2 = [0, 0.3, 1];
    const expected = referenceFrechet(mean1, cov1, mean2, cov2);
    expect(frechetDistance(gaussian(mean1, cov1), gaussian(mean2, cov2))).toBeCloseTo(expected, 8);
    expect(expected).toBeGreaterThan(0.1);
  });

  it('fits unbiased statistics and takes < 1 s for 128 features', () => {
    const rng = createRng(5);
    const first = tensor(rng.normal(1000 * 128), [1000, 128]);
    const second = tensor(rng.normal(1000 * 128), [1000, 128]);
    const statistics = gaussianStatistics(tensor([1, 2, 3, 5], [2, 2]));
    expect([...statistics.mean]).toEqual([2, 3.5]);
    expect([...statistics.covariance]).toEqual([2, 3, 3, 4.5]);
    const started = performance.now();
    const value = featureFrechetDistance(first, second);
    expect(performance.now() - started).toBeLessThan(3000);
    // Two samples of N(0, I₁₂₈) of 1,000: small but positive (sampling noise ≈ D²/N).
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(30);
  });

  it('rejects mismatched dimensions and too few samples', () => {
    expect(() => gaussianStatistics(tensor([1, 2], [1, 2]))).toThrow(/N ≥ 2/);
    expect(() => frechetDistance(gaussian([0], [1]), gaussian([0, 0], [1, 0, 0, 1]))).toThrow(
      /dimensions differ/,
    );
  });
});
