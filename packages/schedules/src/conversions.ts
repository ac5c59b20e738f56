import type { PredictionTarget, ProcessCoefficients } from './prediction.js';

/**
 * Conversions between what a network predicts and the pair (x₀, ε), for x_t = α·x₀ + σ·ε at one time.
 * Every target is a linear function of (x₀, ε), and (x_t, target) determines (x₀, ε) whenever the 2×2
 * system is regular:
 *
 * - 'x0':       x₀ given;  ε = (x_t − α·x₀)/σ.
 * - 'epsilon':  ε given;   x₀ = (x_t − σ·ε)/α                      (Ho et al. 2020, eq. 15).
 * - 'v':        v = α·ε − σ·x₀ (Salimans & Ho 2022, "Progressive Distillation", §4 and Appendix D);
 *               x₀ = (α·x_t − σ·v)/(α² + σ²),  ε = (σ·x_t + α·v)/(α² + σ²)   (for VP, α² + σ² = 1).
 * - 'velocity': u = dx_t/dt = α'·x₀ + σ'·ε (Lipman et al. 2023, "Flow Matching", eq. 15; ε − x₀ for
 *               rectified flow); with det = α·σ' − σ·α':
 *               x₀ = (σ'·x_t − σ·u)/det,  ε = (α·u − α'·x_t)/det.
 *
 * Degenerate ends (documented behaviour, never silent NaNs):
 * - 'x0' at σ = 0: x_t = α·x₀ holds no noise, ε does not enter x_t and is undetermined; it is returned as 0.
 * - 'epsilon' at σ = 0: ε is returned as predicted and x₀ = x_t/α (the prediction does not matter).
 * - 'x0' at α = 0: x₀ as predicted and ε = x_t/σ.
 * - 'epsilon' at α = 0 (zero terminal SNR, rectified flow at t = 1): x₀ cannot be recovered from x_t and ε
 *   (Lin et al. 2024, §3.2) — throws a `PredictionConversionError`; use 'v' or 'velocity' there.
 * - 'v' with α = σ = 0, and 'velocity' where det is 0 or not finite (e.g. VP processes at t = 0, where
 *   σ' = ∞), throw a `PredictionConversionError`.
 *
 * Arithmetic is float64; outputs have the array type of `xt` (or of `x0` when converting to a target).
 */

export type FloatArray = Float32Array | Float64Array;

export interface X0AndEpsilon<T extends FloatArray> {
  x0: T;
  epsilon: T;
}

/** A prediction that cannot be converted at these coefficients (see the degenerate cases above). */
export class PredictionConversionError extends Error {
  override name = 'PredictionConversionError';
}

function allocateLike<T extends FloatArray>(like: T, length: number): T {
  return (like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length)) as T;
}

function checkLengths(operation: string, arrays: Record<string, ArrayLike<number>>): number {
  const entries = Object.entries(arrays);
  const length = entries[0]![1].length;
  for (const [label, values] of entries) {
    if (values.length !== length) {
      const sizes = entries.map(([otherLabel, other]) => `${otherLabel} has ${other.length}`).join(', ');
      throw new RangeError(`${operation}: arrays differ in length (${sizes}); ${label} must match`);
    }
  }
  return length;
}

function checkScales(operation: string, { alpha, sigma }: ProcessCoefficients): void {
  if (!(alpha >= 0 && sigma >= 0 && Number.isFinite(alpha) && Number.isFinite(sigma))) {
    throw new RangeError(`${operation}: α = ${alpha}, σ = ${sigma}; expected finite values ≥ 0`);
  }
}

/** x̂₀ and ε̂ from a prediction of `target` at x_t (elementwise; see the module comment for the formulas). */
export function predictionToX0AndEpsilon<T extends FloatArray>(
  prediction: FloatArray,
  target: PredictionTarget,
  xt: T,
  coefficients: ProcessCoefficients,
): X0AndEpsilon<T> {
  const operation = 'predictionToX0AndEpsilon';
  const length = checkLengths(operation, { prediction, xt });
  checkScales(operation, coefficients);
  const { alpha, sigma, alphaDerivative, sigmaDerivative } = coefficients;
  const x0 = allocateLike(xt, length);
  const epsilon = allocateLike(xt, length);
  switch (target) {
    case 'x0': {
      for (let i = 0; i < length; i++) {
        x0[i] = prediction[i]!;
        epsilon[i] = sigma === 0 ? 0 : (xt[i]! - alpha * prediction[i]!) / sigma;
      }
      break;
    }
    case 'epsilon': {
      if (alpha === 0) {
        throw new PredictionConversionError(
          `${operation}: an ε prediction at α = 0 (zero SNR) does not determine x₀; predict 'v' or 'velocity' there`,
        );
      }
      for (let i = 0; i < length; i++) {
        epsilon[i] = prediction[i]!;
        x0[i] = (xt[i]! - sigma * prediction[i]!) / alpha;
      }
      break;
    }
    case 'v': {
      const norm = alpha * alpha + sigma * sigma;
      if (norm === 0) throw new PredictionConversionError(`${operation}: a v prediction needs α² + σ² > 0`);
      for (let i = 0; i < length; i++) {
        x0[i] = (alpha * xt[i]! - sigma * prediction[i]!) / norm;
        epsilon[i] = (sigma * xt[i]! + alpha * prediction[i]!) / norm;
      }
      break;
    }
    case 'velocity': {
      const determinant = alpha * sigmaDerivative - sigma * alphaDerivative;
      if (!(Number.isFinite(determinant) && determinant !== 0)) {
        throw new PredictionConversionError(
          `${operation}: a velocity prediction needs a finite, non-zero α·σ' − σ·α' (got ${determinant} ` +
            `from α = ${alpha}, σ = ${sigma}, α' = ${alphaDerivative}, σ' = ${sigmaDerivative})`,
        );
      }
      for (let i = 0; i < length; i++) {
        x0[i] = (sigmaDerivative * xt[i]! - sigma * prediction[i]!) / determinant;
        epsilon[i] = (alpha * prediction[i]! - alphaDerivative * xt[i]!) / determinant;
      }
      break;
    }
    default:
      throw new RangeError(`${operation}: unknown prediction target '${String(target)}'`);
  }
  return { x0, epsilon };
}

/** The value a network predicting `target` should output for this (x₀, ε) — the training target. */
export function x0AndEpsilonToPrediction<T extends FloatArray>(
  x0: T,
  epsilon: FloatArray,
  target: PredictionTarget,
  coefficients: ProcessCoefficients,
): T {
  const operation = 'x0AndEpsilonToPrediction';
  const length = checkLengths(operation, { x0, epsilon });
  checkScales(operation, coefficients);
  const { alpha, sigma, alphaDerivative, sigmaDerivative } = coefficients;
  const prediction = allocateLike(x0, length);
  switch (target) {
    case 'x0':
      prediction.set(x0);
      break;
    case 'epsilon':
      prediction.set(epsilon);
      break;
    case 'v':
      for (let i = 0; i < length; i++) prediction[i] = alpha * epsilon[i]! - sigma * x0[i]!;
      break;
    case 'velocity':
      if (!(Number.isFinite(alphaDerivative) && Number.isFinite(sigmaDerivative))) {
        throw new PredictionConversionError(
          `${operation}: the velocity needs finite α' and σ' (got α' = ${alphaDerivative}, σ' = ${sigmaDerivative})`,
        );
      }
      for (let i = 0; i < length; i++)
        prediction[i] = alphaDerivative * x0[i]! + sigmaDerivative * epsilon[i]!;
      break;
    default:
      throw new RangeError(`${operation}: unknown prediction target '${String(target)}'`);
  }
  return prediction;
}

/** Re-expresses a prediction of `from` as a prediction of `to`, through (x₀, ε), at x_t. */
export function convertPrediction<T extends FloatArray>(
  prediction: FloatArray,
  from: PredictionTarget,
  to: PredictionTarget,
  xt: T,
  coefficients: ProcessCoefficients,
): T {
  const { x0, epsilon } = predictionToX0AndEpsilon(prediction, from, xt, coefficients);
  return x0AndEpsilonToPrediction(x0, epsilon, to, coefficients);
}

/**
 * The score ∇ log p(x_t) = −ε/σ of the Gaussian perturbation kernel (Song et al. 2021, eq. 7 with
 * ∇ log N(x_t; α·x₀, σ²I) = −(x_t − α·x₀)/σ²; Vincent 2011). Needs σ > 0.
 */
export function scoreFromEpsilon<T extends FloatArray>(epsilon: T, sigma: number): T {
  if (!(sigma > 0 && Number.isFinite(sigma))) {
    throw new RangeError(`scoreFromEpsilon: σ = ${sigma}; the score is defined for finite σ > 0`);
  }
  const score = allocateLike(epsilon, epsilon.length);
  for (let i = 0; i < epsilon.length; i++) score[i] = -epsilon[i]! / sigma;
  return score;
}

/** The forward process x_t = α·x₀ + σ·ε, elementwise (array type of `x0`). */
export function noisySample<T extends FloatArray>(
  x0: T,
  epsilon: FloatArray,
  { alpha, sigma }: Pick<ProcessCoefficients, 'alpha' | 'sigma'>,
): T {
  const length = checkLengths('noisySample', { x0, epsilon });
  const xt = allocateLike(x0, length);
  for (let i = 0; i < length; i++) xt[i] = alpha * x0[i]! + sigma * epsilon[i]!;
  return xt;
}
