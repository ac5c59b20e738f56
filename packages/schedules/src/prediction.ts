/**
 * What a network predicts. For x_t = α·x₀ + σ·ε:
 * - 'x0': the clean sample x₀;
 * - 'epsilon': the noise ε (Ho et al. 2020);
 * - 'v': v = α·ε − σ·x₀ (Salimans & Ho 2022, eq. in §4; for VP α² + σ² = 1);
 * - 'velocity': the flow u = dx_t/dt = α'·x₀ + σ'·ε (Lipman et al. 2023; Liu et al. 2023: ε − x₀ for
 *   rectified flow).
 */
export type PredictionTarget = 'x0' | 'epsilon' | 'v' | 'velocity';

export const PREDICTION_TARGETS: readonly PredictionTarget[] = ['x0', 'epsilon', 'v', 'velocity'];

/** The coefficients a conversion needs at one time: α, σ and their time derivatives. */
export interface ProcessCoefficients {
  alpha: number;
  sigma: number;
  alphaDerivative: number;
  sigmaDerivative: number;
}
