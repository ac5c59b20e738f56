import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * Heun's second-order method on the probability-flow ODE dy/ds = ε̂ (y = x/α, s = σ/α), Karras et al. 2022,
 * Algorithm 1 (deterministic, no churn):
 *   1. (x̂₀, ε̂) ← model at level i;  Euler predictor y* = x̂₀ + s_{i+1}·ε̂;
 *   2. if σ_{i+1} ≠ 0: ε̂' ← model at (y*, level i+1);  y_{i+1} = y_i + (s_{i+1} − s_i)·(ε̂ + ε̂')/2;
 *      else (the last step to the data) keep the Euler step (Alg. 1, line 7);
 *   3. x_{i+1} = α_{i+1}·y_{i+1}.
 * A step that starts at α = 0 (s = ∞, rectified flow's t = 1) has no finite trapezoid and takes the Euler
 * step. Two model calls per step except the last.
 */
export const heun: Sampler = async (options) => {
  validateOptions(options, 'heun');
  const { levels } = options;
  let x = Float64Array.from(options.x);
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const first = await estimate(options, x, current);
    const predictor = x.map((_, k) => next.alpha * first.x0[k]! + next.sigma * first.epsilon[k]!);
    if (next.sigma === 0 || current.alpha === 0) {
      x = predictor;
      reportStep(options, i + 1, next, x, first.x0);
      continue;
    }
    const second = await estimate(options, predictor, next);
    const ratio = current.sigma / current.alpha;
    const nextRatio = next.sigma / next.alpha;
    x = x.map(
      (value, k) =>
        next.alpha * (value / current.alpha + ((nextRatio - ratio) * (first.epsilon[k]! + second.epsilon[k]!)) / 2),
    );
    reportStep(options, i + 1, next, x, second.x0);
  }
  return Float32Array.from(x);
};
