/**
 * The signal-to-noise ratio SNR = α²/σ² of x_t = α·x₀ + σ·ε (Kingma, Salimans, Poole & Ho 2021, "Variational
 * Diffusion Models", eq. 1–2; log SNR = 2λ with the λ of `NoiseProcess.logSnr`). +∞ at σ = 0.
 */
export function snr(alpha: number, sigma: number): number {
  if (!(alpha >= 0 && sigma >= 0) || (alpha === 0 && sigma === 0)) {
    throw new RangeError(`snr: α = ${alpha}, σ = ${sigma}; expected α, σ ≥ 0, not both 0`);
  }
  return (alpha * alpha) / (sigma * sigma);
}
