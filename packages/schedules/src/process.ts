/**
 * A Gaussian noising process in the common form x_t = α(t)·x₀ + σ(t)·ε, ε ~ N(0, I)
 * (Kingma et al. 2021 "Variational Diffusion Models"; Karras et al. 2022 "Elucidating the Design Space…",
 * Table 1). Time runs from `tMin` (clean end) to `tMax` (noisiest end).
 *
 * Every sampler and training loss in latentlab is written against this interface only, so each works for
 * rectified flow, VP and VE/EDM alike.
 */
export interface NoiseProcess {
  /** e.g. 'rf', 'vp-linear', 'vp-cosine', 'vp-linear-discrete', 'vp-cosine-discrete', 'edm'. */
  readonly name: string;
  /** Clean end of the time range (α largest, σ smallest). */
  readonly tMin: number;
  /** Noisy end of the time range. */
  readonly tMax: number;
  /** Signal scale α(t) ≥ 0. */
  alpha(t: number): number;
  /** Noise scale σ(t) ≥ 0. */
  sigma(t: number): number;
  /** dα/dt. */
  alphaDerivative(t: number): number;
  /** dσ/dt. */
  sigmaDerivative(t: number): number;
  /** log-SNR λ(t) = log(α(t)/σ(t)); strictly decreasing in t (+∞ where σ = 0, −∞ where α = 0). */
  logSnr(t: number): number;
  /** The inverse of `logSnr`: the t in [tMin, tMax] whose log-SNR is λ (clamped to the range). */
  timeAtLogSnr(lambda: number): number;
}

/** α and σ of a process at one time. */
export interface NoiseLevel {
  t: number;
  alpha: number;
  sigma: number;
}

export function noiseLevel(process: NoiseProcess, t: number): NoiseLevel {
  return { t, alpha: process.alpha(t), sigma: process.sigma(t) };
}
