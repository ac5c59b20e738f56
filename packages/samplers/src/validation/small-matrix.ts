/** Small dense symmetric-matrix helpers (d ≤ ~10) for the closed-form Gaussian answers. */
export type Matrix = number[][];

export const identity = (d: number): Matrix =>
  Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

/** Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric positive-definite matrix. */
export function cholesky(matrix: Matrix): Matrix {
  const d = matrix.length;
  const lower: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('cholesky: matrix is not positive definite');
        lower[i]![i] = Math.sqrt(sum);
      } else {
        lower[i]![j] = sum / lower[j]![j]!;
      }
    }
  }
  return lower;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: A = V·diag(values)·Vᵀ, the columns
 * of V the eigenvectors.
 */
export function symmetricEigen(matrix: Matrix): { values: number[]; vectors: Matrix } {
  const d = matrix.length;
  const a = matrix.map((row) => [...row]);
  const vectors = identity(d);
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) offDiagonal += a[p]![q]! ** 2;
    if (offDiagonal < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        if (Math.abs(a[p]![q]!) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const [akp, akq] = [a[k]![p]!, a[k]![q]!];
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const [apk, aqk] = [a[p]![k]!, a[q]![k]!];
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const [vkp, vkq] = [vectors[k]![p]!, vectors[k]![q]!];
          vectors[k]![p] = c * vkp - s * vkq;
          vectors[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors };
}

/** f(A) = V·diag(f(λ))·Vᵀ for a symmetric A. */
export function matrixFunction(matrix: Matrix, apply: (eigenvalue: number) => number): Matrix {
  const { values, vectors } = symmetricEigen(matrix);
  const d = matrix.length;
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) =>
      values.reduce((sum, value, k) => sum + vectors[i]![k]! * apply(value) * vectors[j]![k]!, 0),
    ),
  );
}

export function multiplyVector(matrix: Matrix, vector: ArrayLike<number>): number[] {
  return matrix.map((row) => row.reduce((sum, value, j) => sum + value * (vector[j] as number), 0));
}

/** Inverse and log-determinant of a symmetric positive-definite matrix (via its Cholesky factor). */
export function inverseAndLogDet(matrix: Matrix): { inverse: Matrix; logDet: number } {
  const d = matrix.length;
  const lower = cholesky(matrix);
  const logDet = 2 * lower.reduce((sum, row, i) => sum + Math.log(row[i]!), 0);
  // Solve L·Y = I (forward), then Lᵀ·X = Y (backward): X = A⁻¹.
  const inverse = identity(d);
  for (let column = 0; column < d; column++) {
    const y = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) {
      let sum = i === column ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= lower[i]![k]! * y[k]!;
      y[i] = sum / lower[i]![i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let k = i + 1; k < d; k++) sum -= lower[k]![i]! * inverse[k]![column]!;
      inverse[i]![column] = sum / lower[i]![i]!;
    }
  }
  return { inverse, logDet };
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, value, k) => sum + value * b[k]![j]!, 0)));
}
