import { checkLogSnr, clamp, softplus } from '../numerics.js';
import type { NoiseProcess } from '../process.js';

export interface VpLinearOptions {
  /** β(0) (Song et al. 2021: β̄_min = 0.1). */
  betaMin?: number;
  /** β(1) (Song et al. 2021: β̄_max = 20). */
  betaMax?: number;
}

/**
 * The continuous-time variance-preserving process with a linear β(t) (Song, Sohl-Dickstein, Kingma, Kumar,
 * Ermon & Poole 2021, "Score-Based Generative Modeling through Stochastic Differential Equations", eq. 11
 * and the VP perturbation kernel of Appendix B; the continuous limit of DDPM's linear betas):
 *
 *   β(t) = β_min + (β_max − β_min)·t,   B(t) = ∫₀ᵗ β = β_min·t + ½(β_max − β_min)·t²,
 *   ᾱ(t) = e^(−B(t)),   α = √ᾱ = e^(−B/2),   σ = √(1 − ᾱ) = √(−expm1(−B)),   t ∈ [0, 1].
 *
 * Derivatives: α' = −½β·α and σ' = ½β·α²/σ (from α² + σ² = 1); σ' is +∞ at t = 0 where σ ~ √(β_min·t).
 * log-SNR: λ = log(α/σ) = −½·(B + log(−expm1(−B))) = −½·log(e^B − 1), evaluated without cancellation near
 * t = 0 (B → 0) and without overflow for large B. Its inverse is closed form: e^B − 1 = e^(−2λ) gives
 * B = softplus(−2λ), and the quadratic ½(β_max − β_min)t² + β_min·t − B = 0 has the root
 * t = 2B / (β_min + √(β_min² + 2(β_max − β_min)B)) (the cancellation-free form of the quadratic formula).
 * Karras et al. 2022, Table 1 ("VP") gives the same process as σ/α = √(e^(½β_d t² + β_min t) − 1).
 */
export function vpLinear({ betaMin = 0.1, betaMax = 20 }: VpLinearOptions = {}): NoiseProcess {
  if (!(betaMin >= 0 && betaMax >= betaMin && betaMax > 0 && Number.isFinite(betaMax))) {
    throw new RangeError(
      `vpLinear: betaMin = ${betaMin}, betaMax = ${betaMax}; expected 0 ≤ betaMin ≤ betaMax, betaMax > 0 and finite`,
    );
  }
  const betaSlope = betaMax - betaMin;
  const beta = (t: number) => betaMin + betaSlope * t;
  const integratedBeta = (t: number) => betaMin * t + 0.5 * betaSlope * t * t;

  const alpha = (t: number) => Math.exp(-0.5 * integratedBeta(t));
  const sigma = (t: number) => Math.sqrt(-Math.expm1(-integratedBeta(t)));

  return {
    name: 'vp-linear',
    tMin: 0,
    tMax: 1,
    alpha,
    sigma,
    alphaDerivative: (t) => -0.5 * beta(t) * alpha(t),
    sigmaDerivative: (t) => {
      const noiseScale = sigma(t);
      // At σ = 0 (t = 0): σ ~ √(β_min·t) has an infinite slope; with β_min = 0, σ ~ t·√(½(β_max − β_min)).
      if (noiseScale === 0) return betaMin > 0 ? Number.POSITIVE_INFINITY : Math.sqrt(0.5 * betaSlope);
      const signal = alpha(t);
      return (0.5 * beta(t) * signal * signal) / noiseScale;
    },
    logSnr: (t) => {
      const integral = integratedBeta(t);
      return -0.5 * (integral + Math.log(-Math.expm1(-integral)));
    },
    timeAtLogSnr: (lambda) => {
      checkLogSnr(lambda, 'vp-linear');
      const integral = softplus(-2 * lambda);
      if (integral === 0) return 0;
      if (integral === Number.POSITIVE_INFINITY) return 1;
      const time = (2 * integral) / (betaMin + Math.sqrt(betaMin * betaMin + 2 * betaSlope * integral));
      return clamp(time, 0, 1);
    },
  };
}
