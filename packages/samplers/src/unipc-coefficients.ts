/**
 * The coefficients of UniPC with B(h) = e^h − 1 ("bh2"; Zhao et al. 2023, "UniPC", §3.2 and App. C, in the
 * data-prediction form as diffusers' `UniPCMultistepScheduler`), for one step of size h in λ = log(α/σ)
 * using earlier outputs at relative offsets r_k = (λ_{i−k} − λ_i)/h (k = 1 … order − 1, all < 0) and r = 1:
 *   with hh = −h: h·φ₁ = e^{hh} − 1, B = e^{hh} − 1, and b_k = k!·hφ_k/B where hφ_1 = (e^{hh} − 1)/hh − 1,
 *   hφ_{k+1} = hφ_k/hh − 1/(k + 1)! (k = 1 … order): the right-hand side of R·ρ = b, R_{kj} = r_j^{k−1}.
 * `predictor`: ρ solves the first order − 1 rows on the earlier offsets (½ at order 2, as diffusers);
 * `corrector`: ρ solves all rows, the last entry weighting the new output (½ at order 1).
 */
export interface UniPcCoefficients {
  /** h·φ₁(h) in the data-prediction sign: e^{−h} − 1. */
  hPhi1: number;
  /** B(h) = e^{−h} − 1. */
  b: number;
  rho: number[];
}

function rightHandSide(h: number, order: number): number[] {
  const hh = -h;
  const hPhi1 = Math.expm1(hh);
  const bh = hPhi1;
  let hPhiK = hPhi1 / hh - 1;
  let factorial = 1;
  const rhs: number[] = [];
  for (let k = 1; k <= order; k++) {
    rhs.push((hPhiK * factorial) / bh);
    factorial *= k + 1;
    hPhiK = hPhiK / hh - 1 / factorial;
  }
  return rhs;
}

/** Gaussian elimination with partial pivoting for the tiny (≤ 3×3) systems here. */
export function solveSmall(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row.slice(0, n), rhs[i]!]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++)
      if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = column + 1; row < n; row++) {
      const factor = a[row]![column]! / a[column]![column]!;
      for (let k = column; k <= n; k++) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const solution = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * solution[k]!;
    solution[row] = sum / a[row]![row]!;
  }
  return solution;
}

/** R_{kj} = r_j^{k−1}, k = 1 … size. */
const powers = (offsets: readonly number[], size: number): number[][] =>
  Array.from({ length: size }, (_, k) => offsets.slice(0, size).map((r) => r ** k));

export function uniPcCoefficients(
  kind: 'predictor' | 'corrector',
  h: number,
  offsets: readonly number[],
): UniPcCoefficients {
  const order = offsets.length + 1;
  const hPhi1 = Math.expm1(-h);
  const rhs = rightHandSide(h, order);
  const all = [...offsets, 1];
  let rho: number[];
  if (kind === 'predictor') {
    rho =
      order === 1 ? [] : order === 2 ? [0.5] : solveSmall(powers(all, order - 1), rhs.slice(0, order - 1));
  } else {
    rho = order === 1 ? [0.5] : solveSmall(powers(all, order), rhs);
  }
  return { hPhi1, b: hPhi1, rho };
}
