import type { ProcessCoefficients } from './prediction.js';
import type { NoiseProcess } from './process.js';

/** α, σ, α' and σ' of `process` at time t: everything a prediction-target conversion needs. */
export function coefficientsAt(process: NoiseProcess, t: number): ProcessCoefficients {
  return {
    alpha: process.alpha(t),
    sigma: process.sigma(t),
    alphaDerivative: process.alphaDerivative(t),
    sigmaDerivative: process.sigmaDerivative(t),
  };
}
