import { checkLogSnr, sigmoid } from '../numerics.js';
import type { NoiseProcess } from '../process.js';

/**
 * A variance-preserving process given by a table ᾱ_0 > ᾱ_1 > … > ᾱ_{N−1} (a discrete DDPM: Ho et al. 2020,
 * eq. 4, x_n = √ᾱ_n·x₀ + √(1 − ᾱ_n)·ε). The time t is the table index: tMin = 0, tMax = N − 1, and at an
 * integer t the process returns the table entry exactly (α = √ᾱ_n, σ = √(1 − ᾱ_n)).
 *
 * Fractional t interpolates **linearly in log-SNR** between the neighbouring entries,
 * λ(n + f) = (1 − f)·λ_n + f·λ_{n+1} with λ_n = ½·log(ᾱ_n/(1 − ᾱ_n)), and α = √sigmoid(2λ),
 * σ = √sigmoid(−2λ) (so α² + σ² = 1 everywhere). The derivatives are those of this interpolation,
 * α' = α·σ²·Δλ and σ' = −σ·α²·Δλ with Δλ = λ_{n+1} − λ_n; at a knot they are one-sided, taken from the
 * segment to the right, except at tMax where the segment to the left is used.
 * Derivatives are per unit of t, i.e. per table step.
 *
 * One exception: when the last entry is ᾱ = 0 (zero terminal SNR, λ = −∞; see `zeroTerminalSnr`), the last
 * segment interpolates √ᾱ linearly instead (α = (1 − f)·√ᾱ_{N−2}, σ = √(1 − α²)), which is finite, continuous
 * and strictly decreasing in log-SNR; λ reaches −∞ only at tMax, where α = 0, σ = 1, α' = −√ᾱ_{N−2}, σ' = 0.
 *
 * `timeAtLogSnr` inverts this interpolation exactly (binary search for the segment, then a linear solve).
 * Times outside [0, N − 1] throw a RangeError: the table cannot be extrapolated.
 */
export function discreteVpProcess(alphasCumprod: ArrayLike<number>, name = 'vp-discrete'): NoiseProcess {
  const length = alphasCumprod.length;
  if (length < 2) throw new RangeError(`${name}: the ᾱ table has ${length} entries; expected at least 2`);
  const table = Float64Array.from(alphasCumprod);
  for (let n = 0; n < length; n++) {
    const value = table[n]!;
    const isLast = n === length - 1;
    if (!(value < 1 && (value > 0 || (isLast && value === 0)))) {
      throw new RangeError(
        `${name}: ᾱ[${n}] = ${value}; expected 0 < ᾱ < 1 (only the last entry may be exactly 0)`,
      );
    }
    if (n > 0 && !(value < table[n - 1]!)) {
      throw new RangeError(
        `${name}: ᾱ[${n}] = ${value} ≥ ᾱ[${n - 1}] = ${table[n - 1]}; expected a strictly decreasing table`,
      );
    }
  }
  const tMax = length - 1;
  const signalTable = table.map(Math.sqrt);
  const noiseTable = table.map((value) => Math.sqrt(1 - value));
  const logSnrTable = table.map((value) => 0.5 * (Math.log(value) - Math.log1p(-value)));
  const zeroTerminal = table[tMax] === 0;

  /** The segment [n, n + 1] holding t and the fraction f within it (n = N − 2, f = 1 at tMax). */
  function locate(t: number): { index: number; fraction: number } {
    if (!(t >= 0 && t <= tMax)) {
      throw new RangeError(`${name}: t = ${t} is outside the table; expected 0 ≤ t ≤ ${tMax}`);
    }
    if (t === tMax) return { index: tMax - 1, fraction: 1 };
    const index = Math.floor(t);
    return { index, fraction: t - index };
  }

  /** α, σ and their t-derivatives at t. */
  function evaluate(t: number): {
    alpha: number;
    sigma: number;
    alphaDerivative: number;
    sigmaDerivative: number;
  } {
    const { index, fraction } = locate(t);
    const isLastSegment = index === tMax - 1;
    if (zeroTerminal && isLastSegment) {
      // Linear in √ᾱ towards α = 0.
      const startSignal = signalTable[index]!;
      const alpha = fraction === 0 ? startSignal : (1 - fraction) * startSignal;
      const sigma = fraction === 0 ? noiseTable[index]! : Math.sqrt((1 - alpha) * (1 + alpha));
      return { alpha, sigma, alphaDerivative: -startSignal, sigmaDerivative: (alpha * startSignal) / sigma };
    }
    const slope = logSnrTable[index + 1]! - logSnrTable[index]!;
    let alpha: number;
    let sigma: number;
    if (fraction === 0 || fraction === 1) {
      const knot = index + fraction;
      alpha = signalTable[knot]!;
      sigma = noiseTable[knot]!;
    } else {
      const lambda = (1 - fraction) * logSnrTable[index]! + fraction * logSnrTable[index + 1]!;
      alpha = Math.sqrt(sigmoid(2 * lambda));
      sigma = Math.sqrt(sigmoid(-2 * lambda));
    }
    return {
      alpha,
      sigma,
      alphaDerivative: alpha * sigma * sigma * slope,
      sigmaDerivative: -sigma * alpha * alpha * slope,
    };
  }

  return {
    name,
    tMin: 0,
    tMax,
    alpha: (t) => evaluate(t).alpha,
    sigma: (t) => evaluate(t).sigma,
    alphaDerivative: (t) => evaluate(t).alphaDerivative,
    sigmaDerivative: (t) => evaluate(t).sigmaDerivative,
    logSnr: (t) => {
      const { index, fraction } = locate(t);
      if (fraction === 0) return logSnrTable[index]!;
      if (fraction === 1) return logSnrTable[index + 1]!;
      if (zeroTerminal && index === tMax - 1) {
        const alpha = (1 - fraction) * signalTable[index]!;
        return Math.log(alpha) - 0.5 * Math.log((1 - alpha) * (1 + alpha));
      }
      return (1 - fraction) * logSnrTable[index]! + fraction * logSnrTable[index + 1]!;
    },
    timeAtLogSnr: (lambda) => {
      checkLogSnr(lambda, name);
      if (lambda >= logSnrTable[0]!) return 0;
      if (lambda <= logSnrTable[tMax]!) return tMax;
      // Largest index with λ_index ≥ λ; then λ_index ≥ λ > λ_{index+1}.
      let low = 0;
      let high = tMax;
      while (high - low > 1) {
        const middle = (low + high) >>> 1;
        if (logSnrTable[middle]! >= lambda) low = middle;
        else high = middle;
      }
      if (zeroTerminal && low === tMax - 1) {
        const alpha = Math.sqrt(sigmoid(2 * lambda));
        return low + (1 - alpha / signalTable[low]!);
      }
      const fraction = (logSnrTable[low]! - lambda) / (logSnrTable[low]! - logSnrTable[low + 1]!);
      return low + fraction;
    },
  };
}
