import { estimate, reportStep, validateOptions } from './evaluate.js';
import { eulerStep, ratioOf } from './scaled.js';
import type { Sampler } from './types.js';

/**
 * Heun's second-order method exactly as Karras et al. 2022, Algorithm 1 (deterministic, k-diffusion's
 * `sample_heun` with s_churn = 0): the trapezoid rule on the scaled ODE dy/ds = ε̂ (y = x/α, s = σ/α; on VE
 * y = x and s = σ):
 *   1. d_i = ε̂(y_i, s_i);  predictor y* = y_i + (s_{i+1} − s_i)·d_i;
 *   2. if s_{i+1} ≠ 0: d' = ε̂(y*, s_{i+1});  y_{i+1} = y_i + (s_{i+1} − s_i)·(d_i + d')/2;
 *      else the Euler step y_{i+1} = y* = x̂₀ (Alg. 1, line 7);
 *   3. x_{i+1} = α_{i+1}·y_{i+1}.
 * From α = 0 (s = ∞, rectified flow's t = 1) the trapezoid is undefined; that step is the Euler step, the
 * limit of the predictor. `heunAngle` takes the same trapezoid in φ = arctan(s), more accurate there.
 * Two model calls per step except the last (and the one from α = 0).
 */
export const heun: Sampler = async (options) => {
  validateOptions(options, 'heun');
  const { levels } = options;
  let x: Float64Array = Float64Array.from(options.x);
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const first = await estimate(options, x, current);
    if (current.alpha === 0 || next.sigma === 0) {
      x = eulerStep(first, next);
      reportStep(options, i + 1, next, x, first.x0);
      continue;
    }
    const step = ratioOf(next) - ratioOf(current);
    const y = x.map((value) => value / current.alpha);
    const predictor = y.map((value, k) => next.alpha * (value + step * first.epsilon[k]!));
    const second = await estimate(options, predictor, next);
    x = y.map((value, k) => next.alpha * (value + (step * (first.epsilon[k]! + second.epsilon[k]!)) / 2));
    reportStep(options, i + 1, next, x, second.x0);
  }
  return Float32Array.from(x);
};
