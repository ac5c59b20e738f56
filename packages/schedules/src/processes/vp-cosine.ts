import { checkLogSnr, clamp, sigmoid } from '../numerics.js';
import type { NoiseProcess } from '../process.js';

export interface VpCosineOptions {
  /** The small offset s that keeps β small near t = 0 (Nichol & Dhariwal 2021, §3.2: s = 0.008). */
  s?: number;
}

/**
 * The continuous cosine schedule (Nichol & Dhariwal 2021, "Improved Denoising Diffusion Probabilistic
 * Models", eq. 17, with t/T replaced by t ∈ [0, 1]):
 *
 *   ᾱ(t) = f(t)/f(0),   f(t) = cos²(θ(t)),   θ(t) = ((t + s)/(1 + s))·π/2,   α = √ᾱ,   σ = √(1 − ᾱ).
 *
 * Evaluated without cancellation at both ends, with θ₀ = θ(0), δ = θ − θ₀ = t·k and φ = π/2 − θ = (1 − t)·k,
 * k = π/(2(1 + s)):
 *   α = cos θ / cos θ₀ = sin φ / cos θ₀ (so α(1) = sin 0 = 0 exactly and λ(1) = −∞),
 *   σ² = (cos²θ₀ − cos²θ)/cos²θ₀ = sin δ · sin(2θ₀ + δ) / cos²θ₀ (the identity cos²a − cos²b = sin(b−a)·sin(b+a)).
 * Derivatives: α' = −k·sin θ / cos θ₀ and σ' = −α·α'/σ (α² + σ² = 1), +∞ at t = 0 when s > 0.
 * Inverse of λ = log(α/σ), closed form: α² = sigmoid(2λ), σ² = sigmoid(−2λ), cos θ = α·cos θ₀,
 * sin θ = √(sin²θ₀ + σ²cos²θ₀), and δ = θ − θ₀ = atan2(sin θ cos θ₀ − cos θ sin θ₀, cos θ cos θ₀ + sin θ sin θ₀)
 * where the first argument simplifies to cos θ₀·σ²/(sin θ + α sin θ₀) (no cancellation as t → 0); t = δ/k.
 */
export function vpCosine({ s: offset = 0.008 }: VpCosineOptions = {}): NoiseProcess {
  if (!(offset >= 0 && Number.isFinite(offset))) {
    throw new RangeError(`vpCosine: offset s = ${offset}; expected a finite number ≥ 0`);
  }
  const angularRate = Math.PI / (2 * (1 + offset)); // k = dθ/dt
  const startAngle = offset * angularRate; // θ₀
  const cosStart = Math.cos(startAngle);
  const sinStart = Math.sin(startAngle);

  const alpha = (t: number) => Math.sin((1 - t) * angularRate) / cosStart;
  const sigmaSquaredTimesCos2 = (t: number) => {
    const sinceStart = t * angularRate; // δ
    return Math.sin(sinceStart) * Math.sin(2 * startAngle + sinceStart);
  };
  const sigma = (t: number) => Math.sqrt(sigmaSquaredTimesCos2(t)) / cosStart;
  const alphaDerivative = (t: number) => (-angularRate * Math.cos((1 - t) * angularRate)) / cosStart;

  return {
    name: 'vp-cosine',
    tMin: 0,
    tMax: 1,
    alpha,
    sigma,
    alphaDerivative,
    sigmaDerivative: (t) => {
      const noiseScale = sigma(t);
      // σ ~ √t near t = 0 when s > 0 (infinite slope); with s = 0, σ = sin(k·t) and σ'(0) = k.
      if (noiseScale === 0) return offset > 0 ? Number.POSITIVE_INFINITY : angularRate;
      return (-alpha(t) * alphaDerivative(t)) / noiseScale;
    },
    logSnr: (t) => Math.log(Math.sin((1 - t) * angularRate)) - 0.5 * Math.log(sigmaSquaredTimesCos2(t)),
    timeAtLogSnr: (lambda) => {
      checkLogSnr(lambda, 'vp-cosine');
      const signal = Math.sqrt(sigmoid(2 * lambda));
      const noiseVariance = sigmoid(-2 * lambda);
      if (noiseVariance === 0) return 0;
      const cosAngle = signal * cosStart;
      const sinAngle = Math.sqrt(sinStart * sinStart + noiseVariance * cosStart * cosStart);
      const sinSinceStart = (cosStart * noiseVariance) / (sinAngle + signal * sinStart);
      const cosSinceStart = cosAngle * cosStart + sinAngle * sinStart;
      return clamp(Math.atan2(sinSinceStart, cosSinceStart) / angularRate, 0, 1);
    },
  };
}
