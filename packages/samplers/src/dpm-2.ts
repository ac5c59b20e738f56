import { estimate, reportStep, validateOptions } from './evaluate.js';
import { eulerStep, levelAtRatio, ratioOf } from './scaled.js';
import type { Sampler } from './types.js';

/**
 * DPM-Solver-2 as k-diffusion's `sample_dpm_2` (s_churn = 0): the midpoint method on the scaled ODE
 * dy/ds = ε̂ (y = x/α, s = σ/α), its midpoint at the geometric mean of the two noise levels (half-way in
 * log s, as DPM-Solver's λ = −log s; Lu et al. 2022, Alg. 1 with r = 1/2, written in k-diffusion's
 * derivative form):
 *   1. d = ε̂(y_i, s_i);  s_mid = √(s_i·s_{i+1});  y_mid = y_i + (s_mid − s_i)·d;
 *   2. y_{i+1} = y_i + (s_{i+1} − s_i)·ε̂(y_mid, s_mid);  x_{i+1} = α_{i+1}·y_{i+1}.
 * The last step to the data (s_{i+1} = 0) and a step from α = 0 (s = ∞) are Euler steps. Two model calls per
 * step, one on those.
 */
export const dpmSolver2: Sampler = async (options) => {
  validateOptions(options, 'dpmSolver2');
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
    const [ratio, nextRatio] = [ratioOf(current), ratioOf(next)];
    const middle = levelAtRatio(options.process, Math.sqrt(ratio * nextRatio));
    const y = x.map((value) => value / current.alpha);
    const toMiddle = ratioOf(middle) - ratio;
    const atMiddle = y.map((value, k) => middle.alpha * (value + toMiddle * first.epsilon[k]!));
    const second = await estimate(options, atMiddle, middle);
    x = y.map((value, k) => next.alpha * (value + (nextRatio - ratio) * second.epsilon[k]!));
    reportStep(options, i + 1, next, x, second.x0);
  }
  return Float32Array.from(x);
};
