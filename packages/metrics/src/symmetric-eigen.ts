/** Eigen-decomposition of a real symmetric matrix: A = V diag(values) Vᵀ. */
export interface SymmetricEigen {
  /** Eigenvalues (n), unsorted. */
  values: Float64Array;
  /** Eigenvectors as columns of a row-major (n, n) matrix. */
  vectors: Float64Array;
}

/**
 * Cyclic Jacobi eigenvalue algorithm (Golub & Van Loan, Matrix Computations, 4th ed., §8.5, Alg. 8.5.2 with
 * the 2×2 symmetric Schur decomposition of Alg. 8.5.1), in float64. Each rotation zeroes one off-diagonal
 * pair; sweeps repeat until the off-diagonal mass is negligible. Accurate to working precision even for
 * tiny eigenvalues; O(n³) per sweep, ~0.1 s for n = 128.
 * `matrix` is row-major (n, n) and only read; symmetry is assumed (the upper triangle is used as given).
 */
export function symmetricEigen(matrix: Float64Array, n: number, maxSweeps = 60): SymmetricEigen {
  const a = Float64Array.from(matrix); // working copy, becomes diagonal
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += (a[i] as number) ** 2;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) offDiagonal += (a[p * n + q] as number) ** 2;
    if (offDiagonal <= 1e-30 * total || offDiagonal === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (apq === 0) continue;
        // 2×2 symmetric Schur: t = tan θ is the smaller root of t² + 2τt − 1 = 0, τ = (a_qq − a_pp) / (2 a_pq).
        const tau = ((a[q * n + q] as number) - (a[p * n + p] as number)) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A ← A J (columns p, q), then A ← Jᵀ A (rows p, q), with J_pp = J_qq = c, J_pq = s, J_qp = −s.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        // V ← V J accumulates the rotations.
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] as number;
  return { values, vectors: v };
}
