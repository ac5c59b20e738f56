import type { PredictionTarget, ProcessCoefficients } from '../prediction.js';

/**
 * Min-SNR-γ loss weight (Hang, Gu, Li, Bao, Chen, Hu, Geng & Guo 2023, "Efficient Diffusion Training via
 * Min-SNR Weighting Strategy", §3.4 and §4.2): the weight w for which
 * w·‖target − target̂‖² = min(SNR, γ)·‖x₀ − x̂₀‖², with SNR = α²/σ² and x̂₀ derived from the same prediction
 * at the same x_t (see `predictionToX0AndEpsilon`). From Δε = −(α/σ)·Δx₀, Δv = −((α² + σ²)/σ)·Δx₀ and
 * Δu = −(det/σ)·Δx₀ (det = α·σ' − σ·α'):
 *
 *   'x0':       min(SNR, γ)
 *   'epsilon':  min(SNR, γ)/SNR            = min(1, γσ²/α²)
 *   'v':        min(SNR, γ)·σ²/(α² + σ²)²  = min(α², γσ²)/(α² + σ²)²
 *   'velocity': min(SNR, γ)·σ²/det²        = min(α², γσ²)/det²
 *
 * For variance-preserving processes (α² + σ² = 1) the 'v' weight is the paper's min(SNR, γ)/(SNR + 1), the
 * formula diffusers' training scripts use; for other processes (rectified flow, EDM) this general form is
 * the one that keeps the x₀-space equivalence exact. The right-hand forms stay finite at σ = 0 and α = 0.
 */
export function minSnrWeight(coefficients: ProcessCoefficients, target: PredictionTarget, gamma = 5): number {
  if (!(gamma > 0)) throw new RangeError(`minSnrWeight: γ = ${gamma}; expected γ > 0`);
  const { alpha, sigma, alphaDerivative, sigmaDerivative } = coefficients;
  if (!(alpha >= 0 && sigma >= 0) || (alpha === 0 && sigma === 0)) {
    throw new RangeError(`minSnrWeight: α = ${alpha}, σ = ${sigma}; expected α, σ ≥ 0, not both 0`);
  }
  const alphaSquared = alpha * alpha;
  const sigmaSquared = sigma * sigma;
  const clippedSignal = Math.min(alphaSquared, gamma * sigmaSquared); // min(SNR, γ)·σ²
  switch (target) {
    case 'x0':
      return sigma === 0 ? gamma : Math.min(alphaSquared / sigmaSquared, gamma);
    case 'epsilon':
      return alpha === 0 ? 1 : Math.min(1, (gamma * sigmaSquared) / alphaSquared);
    case 'v': {
      const norm = alphaSquared + sigmaSquared;
      return clippedSignal / (norm * norm);
    }
    case 'velocity': {
      const determinant = alpha * sigmaDerivative - sigma * alphaDerivative;
      if (!(Number.isFinite(determinant) && determinant !== 0)) {
        throw new RangeError(
          `minSnrWeight: α·σ' − σ·α' = ${determinant}; the velocity weight needs a finite, non-zero value`,
        );
      }
      return clippedSignal / (determinant * determinant);
    }
    default:
      throw new RangeError(`minSnrWeight: unknown prediction target '${String(target)}'`);
  }
}
