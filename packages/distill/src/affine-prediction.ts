import {
  coefficientsAt,
  type NoiseProcess,
  type PredictionTarget,
  predictionToX0AndEpsilon,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';
import type { Ops } from '@latentlab/tensor';
import { perSample } from './per-sample.js';

/**
 * Every prediction target is affine in (x_t, prediction) at a fixed time (Kingma et al. 2021; Salimans &
 * Ho 2022 §4): x̂₀ = a·x_t + b·p and ε̂ = c·x_t + d·p. The coefficients come from @latentlab/schedules'
 * own conversions applied to unit inputs, so the formulas live once. Per sample, as (B, 1, …) constants.
 */
export interface AffineEstimates<T> {
  x0: T; // (B, …)
  epsilon: T; // (B, …)
}

/** x̂₀ and ε̂ of a prediction of `target` at x_t, each sample at its own time. */
export function estimatesFromPrediction<T>(
  ops: Ops<T>,
  process: NoiseProcess,
  target: PredictionTarget,
  x: T,
  prediction: T,
  times: ArrayLike<number>,
): AffineEstimates<T> {
  const rank = ops.shape(x).length;
  const count = times.length;
  const [x0FromX, x0FromP, epsilonFromX, epsilonFromP] = [0, 1, 2, 3].map(() => new Float32Array(count));
  for (let row = 0; row < count; row++) {
    const unit = predictionToX0AndEpsilon(
      Float64Array.of(0, 1),
      target,
      Float64Array.of(1, 0),
      coefficientsAt(process, times[row]!),
    );
    x0FromX![row] = unit.x0[0]!;
    x0FromP![row] = unit.x0[1]!;
    epsilonFromX![row] = unit.epsilon[0]!;
    epsilonFromP![row] = unit.epsilon[1]!;
  }
  const combine = (fromX: Float32Array, fromP: Float32Array) =>
    ops.add(ops.mul(perSample(ops, fromX, rank), x), ops.mul(perSample(ops, fromP, rank), prediction));
  return { x0: combine(x0FromX!, x0FromP!), epsilon: combine(epsilonFromX!, epsilonFromP!) }; // (B, …)
}

/** The prediction of `target` that corresponds to (x̂₀, ε̂), each sample at its own time. */
export function predictionFromEstimates<T>(
  ops: Ops<T>,
  process: NoiseProcess,
  target: PredictionTarget,
  estimates: AffineEstimates<T>,
  times: ArrayLike<number>,
): T {
  const rank = ops.shape(estimates.x0).length;
  const fromX0 = new Float32Array(times.length);
  const fromEpsilon = new Float32Array(times.length);
  for (let row = 0; row < times.length; row++) {
    const unit = x0AndEpsilonToPrediction(
      Float64Array.of(1, 0),
      Float64Array.of(0, 1),
      target,
      coefficientsAt(process, times[row]!),
    );
    fromX0[row] = unit[0]!;
    fromEpsilon[row] = unit[1]!;
  }
  return ops.add(
    ops.mul(perSample(ops, fromX0, rank), estimates.x0),
    ops.mul(perSample(ops, fromEpsilon, rank), estimates.epsilon),
  ); // (B, …)
}

/**
 * One deterministic DDIM step (Song et al. 2021 eq. 12, η = 0) from each sample's time to its `next` time:
 * x_s = α_s·x̂₀ + σ_s·ε̂. For rectified flow this is exactly the Euler step on the velocity.
 */
export function ddimStep<T>(
  ops: Ops<T>,
  process: NoiseProcess,
  estimates: AffineEstimates<T>,
  next: ArrayLike<number>,
): T {
  const rank = ops.shape(estimates.x0).length;
  const alphas = Array.from(next, (t) => process.alpha(t));
  const sigmas = Array.from(next, (t) => process.sigma(t));
  return ops.add(
    ops.mul(perSample(ops, alphas, rank), estimates.x0),
    ops.mul(perSample(ops, sigmas, rank), estimates.epsilon),
  ); // (B, …)
}
