import { checkLogSnr, clamp } from '../numerics.js';
import type { NoiseProcess } from '../process.js';

export interface EdmOptions {
  /** Smallest noise level, the clean end (Karras et al. 2022, §5: 0.002). */
  sigmaMin?: number;
  /** Largest noise level, the noisy end (Karras et al. 2022, §5: 80). */
  sigmaMax?: number;
}

/**
 * The variance-exploding process in the parametrisation of Karras, Aittala, Aila & Laine 2022,
 * "Elucidating the Design Space of Diffusion-Based Generative Models" (EDM), Table 1 ("Ours": σ(t) = t,
 * s(t) = 1): x = x₀ + σ·ε with the time equal to the noise level, t = σ ∈ [σ_min, σ_max].
 *
 * α = 1, σ = t, α' = 0, σ' = 1 (so the flow dx/dσ = ε is the EDM probability-flow ODE, eq. 4, in its
 * ε form), λ = −log σ, t = e^(−λ).
 */
export function edm({ sigmaMin = 0.002, sigmaMax = 80 }: EdmOptions = {}): NoiseProcess {
  if (!(sigmaMin > 0 && sigmaMax > sigmaMin && Number.isFinite(sigmaMax))) {
    throw new RangeError(
      `edm: sigmaMin = ${sigmaMin}, sigmaMax = ${sigmaMax}; expected 0 < sigmaMin < sigmaMax < ∞`,
    );
  }
  return {
    name: 'edm',
    tMin: sigmaMin,
    tMax: sigmaMax,
    alpha: () => 1,
    sigma: (t) => t,
    alphaDerivative: () => 0,
    sigmaDerivative: () => 1,
    logSnr: (t) => -Math.log(t),
    timeAtLogSnr: (lambda) => {
      checkLogSnr(lambda, 'edm');
      return clamp(Math.exp(-lambda), sigmaMin, sigmaMax);
    },
  };
}
