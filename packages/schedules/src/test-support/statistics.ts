/**
 * Reference statistics for the tests (not exported by the package): the standard normal CDF and the
 * one-sample Kolmogorov–Smirnov distance.
 */

/**
 * erfc(x) for x ≥ 0 from Abramowitz & Stegun 7.1.26 (absolute error of erf below 1.5e-7), extended to x < 0
 * by erfc(−x) = 2 − erfc(x). Accurate enough for KS distances of order 1e-2.
 */
function complementaryErrorFunction(x: number): number {
  if (x < 0) return 2 - complementaryErrorFunction(-x);
  const p = 0.3275911;
  const coefficients = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];
  const k = 1 / (1 + p * x);
  let polynomial = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) polynomial = polynomial * k + coefficients[i]!;
  return polynomial * k * Math.exp(-x * x);
}

/** Φ(x), the standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * complementaryErrorFunction(-x / Math.SQRT2);
}

/**
 * The Kolmogorov–Smirnov statistic sup_x |F_n(x) − F(x)| of `samples` against the continuous CDF `cdf`
 * (Kolmogorov 1933; Smirnov 1948). For n samples from F it exceeds 1.95/√n with probability about 0.001.
 */
export function kolmogorovSmirnovDistance(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let distance = 0;
  for (let i = 0; i < n; i++) {
    const probability = cdf(sorted[i]!);
    distance = Math.max(distance, probability - i / n, (i + 1) / n - probability);
  }
  return distance;
}

/** The KS acceptance bound at significance ≈ 0.001 for n samples (asymptotic critical value 1.95/√n). */
export function kolmogorovSmirnovBound(n: number): number {
  return 1.95 / Math.sqrt(n);
}

/** The q-quantile of `samples` (linear interpolation between order statistics). */
export function quantile(samples: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(samples).sort();
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Sample mean. */
export function mean(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]!;
  return sum / samples.length;
}

/** Sample standard deviation (n − 1 denominator). */
export function standardDeviation(samples: ArrayLike<number>): number {
  const center = mean(samples);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i]! - center) ** 2;
  return Math.sqrt(sum / (samples.length - 1));
}
