import {
  edmLossWeight,
  minSnrWeight,
  type PredictionTarget,
  type ProcessCoefficients,
} from '@latentlab/schedules';

/**
 * A diffusion loss weighting: the per-sample weight w of ‖target − target̂‖² at the sample's noise level.
 * Weightings are defined in x₀ space (w₀·‖x₀ − x̂₀‖²) and converted to the network's prediction target
 * with the error scale k of `targetErrorScale` (Δtarget = k·Δx₀ at fixed x_t): w = w₀ / k².
 */
export interface LossWeighting {
  /** e.g. 'uniform', 'min-snr-5': recorded with the run. */
  readonly name: string;
  weight(coefficients: ProcessCoefficients, target: PredictionTarget): number;
}

/**
 * |Δtarget| / |Δx₀| for a prediction error at fixed x_t (x_t = α·x₀ + σ·ε, so Δε = −(α/σ)·Δx₀):
 * x₀ 1; ε α/σ; v = α·ε − σ·x₀: (α² + σ²)/σ; velocity u = α'·x₀ + σ'·ε: |α·σ' − σ·α'|/σ.
 */
export function targetErrorScale(coefficients: ProcessCoefficients, target: PredictionTarget): number {
  const { alpha, sigma, alphaDerivative, sigmaDerivative } = coefficients;
  switch (target) {
    case 'x0':
      return 1;
    case 'epsilon':
      return alpha / sigma;
    case 'v':
      return (alpha * alpha + sigma * sigma) / sigma;
    case 'velocity':
      return Math.abs(alpha * sigmaDerivative - sigma * alphaDerivative) / sigma;
    default:
      throw new RangeError(`targetErrorScale: unknown prediction target '${String(target)}'`);
  }
}

/** w = 1 on the network's own target (Ho et al. 2020's "simple" loss for ε; rectified flow's for velocity). */
export function uniformWeighting(): LossWeighting {
  return { name: 'uniform', weight: () => 1 };
}

/**
 * SNR weighting: the loss equals SNR·‖x₀ − x̂₀‖² = ‖ε − ε̂‖² whatever the target (Kingma et al. 2021
 * §5; Salimans & Ho 2022 §4, "SNR weighting"): x₀ α²/σ², ε 1, v α²/(α² + σ²)², velocity α²/det².
 */
export function snrWeighting(): LossWeighting {
  return {
    name: 'snr',
    weight({ alpha, sigma, alphaDerivative, sigmaDerivative }, target) {
      const alphaSquared = alpha * alpha;
      switch (target) {
        case 'x0':
          return alphaSquared / (sigma * sigma);
        case 'epsilon':
          return 1;
        case 'v':
          return alphaSquared / (alphaSquared + sigma * sigma) ** 2;
        case 'velocity':
          return alphaSquared / (alpha * sigmaDerivative - sigma * alphaDerivative) ** 2;
        default:
          throw new RangeError(`snrWeighting: unknown prediction target '${String(target)}'`);
      }
    },
  };
}

/** Min-SNR-γ (Hang et al. 2023): min(SNR, γ)·‖x₀ − x̂₀‖², see `minSnrWeight` of @latentlab/schedules. */
export function minSnrWeighting(gamma = 5): LossWeighting {
  if (!(gamma > 0 && Number.isFinite(gamma))) {
    throw new RangeError(`minSnrWeighting: γ = ${gamma}; expected a finite γ > 0`);
  }
  return {
    name: `min-snr-${gamma}`,
    weight: (coefficients, target) => minSnrWeight(coefficients, target, gamma),
  };
}

/**
 * EDM weighting λ(σ) = (σ² + σ_data²)/(σ·σ_data)² on the denoiser error ‖D − x₀‖² (Karras et al. 2022,
 * Table 1), evaluated at the noise-to-signal ratio σ/α (= σ for the `edm` process, α = 1) and converted to
 * other targets by 1/k².
 */
export function edmWeighting(sigmaData = 0.5): LossWeighting {
  return {
    name: `edm(${sigmaData})`,
    weight(coefficients, target) {
      const x0Weight = edmLossWeight(coefficients.sigma / coefficients.alpha, sigmaData);
      const scale = targetErrorScale(coefficients, target);
      return x0Weight / (scale * scale);
    },
  };
}

/** The names `lossWeightingByName` knows. */
export const LOSS_WEIGHTINGS = ['uniform', 'snr', 'min-snr', 'edm'] as const;
export type LossWeightingName = (typeof LOSS_WEIGHTINGS)[number];

/** The weighting of that name; `parameter` is γ for 'min-snr' (5) and σ_data for 'edm' (0.5). */
export function lossWeightingByName(name: LossWeightingName, parameter?: number): LossWeighting {
  switch (name) {
    case 'uniform':
      return uniformWeighting();
    case 'snr':
      return snrWeighting();
    case 'min-snr':
      return minSnrWeighting(parameter ?? 5);
    case 'edm':
      return edmWeighting(parameter ?? 0.5);
    default:
      throw new RangeError(
        `unknown loss weighting '${String(name)}'; expected one of ${LOSS_WEIGHTINGS.join(', ')}`,
      );
  }
}
