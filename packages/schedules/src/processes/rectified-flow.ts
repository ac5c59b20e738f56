import { checkLogSnr, clamp, sigmoid } from '../numerics.js';
import type { NoiseProcess } from '../process.js';

/**
 * Rectified flow: the straight line between data and noise, x_t = (1 − t)·x₀ + t·ε, t ∈ [0, 1]
 * (Liu, Gong & Liu 2023, "Flow Straight and Fast", eq. 1 with X₀ = data, X₁ = noise; Esser et al. 2024,
 * "Scaling Rectified Flow Transformers" (SD3), §2 and eq. 3 ("RF": a_t = 1 − t, b_t = t)).
 *
 * α = 1 − t, σ = t, α' = −1, σ' = 1, so the flow is u = ε − x₀. log-SNR λ = log((1 − t)/t), with the inverse
 * t = sigmoid(−λ). λ(0) = +∞ and λ(1) = −∞.
 */
export function rectifiedFlow(): NoiseProcess {
  return {
    name: 'rf',
    tMin: 0,
    tMax: 1,
    alpha: (t) => 1 - t,
    sigma: (t) => t,
    alphaDerivative: () => -1,
    sigmaDerivative: () => 1,
    // log(1 − t) − log(t), with log1p keeping full precision for small t.
    logSnr: (t) => Math.log1p(-t) - Math.log(t),
    timeAtLogSnr: (lambda) => {
      checkLogSnr(lambda, 'rf');
      return clamp(sigmoid(-lambda), 0, 1);
    },
  };
}
