import type { NoiseLevel } from '@latentlab/schedules';

/**
 * The exponential-integrator step DPM-Solver++ SDE samplers share (Lu et al. 2022, "DPM-Solver++", §5 and
 * k-diffusion's `sample_dpmpp_2m_sde` / `_3m_sde`), written in x = α·y so that α = 0 is a limit, not a
 * division: with e^{−h} = (α_i·σ_{i+1})/(σ_i·α_{i+1}) (h = λ_{i+1} − λ_i, λ = log(α/σ)) and η the noise
 * share,
 *   x_{i+1} = (σ_{i+1}/σ_i)·e^{−ηh}·x_i + α_{i+1}·(1 − e^{−(1+η)h})·x̂₀ + σ_{i+1}·√(1 − e^{−2ηh})·z.
 * `h` is ∞ from α = 0; `keep`, `gain` and `noise` are the three coefficients.
 */
export interface SdeStep {
  h: number;
  /** (σ_{i+1}/σ_i)·e^{−ηh} */
  keep: number;
  /** 1 − e^{−(1+η)h}: the data term's weight (before α_{i+1}). */
  gain: number;
  /** √(1 − e^{−2ηh}): the noise's std in s (before σ_{i+1}). */
  noise: number;
}

export function sdeStep(current: NoiseLevel, next: NoiseLevel, eta: number): SdeStep {
  const decay = (current.alpha * next.sigma) / (current.sigma * next.alpha); // e^{−h}, 0 from α = 0
  const h = -Math.log(decay);
  const finite = Number.isFinite(h);
  return {
    h,
    keep: (next.sigma / current.sigma) * decay ** eta, // 0^0 = 1: η = 0 keeps σ_{i+1}/σ_i
    gain: finite ? -Math.expm1(-(1 + eta) * h) : 1,
    noise: eta === 0 ? 0 : finite ? Math.sqrt(-Math.expm1(-2 * eta * h)) : 1,
  };
}
