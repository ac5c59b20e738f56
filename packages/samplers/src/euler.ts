import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * Euler on the probability-flow ODE, in Karras et al.'s (2022, eq. 4) scaled variables y = x/α, s = σ/α,
 * where the ODE reads dy/ds = ε̂:
 *   1. (x̂₀, ε̂) ← model at level i;
 *   2. y_{i+1} = y_i + (s_{i+1} − s_i)·ε̂ = x̂₀ + s_{i+1}·ε̂ (since y_i = x̂₀ + s_i·ε̂);
 *   3. x_{i+1} = α_{i+1}·y_{i+1} = α_{i+1}·x̂₀ + σ_{i+1}·ε̂.
 * Step 3 is also deterministic DDIM (Song et al. 2021, eq. 12 with η = 0) and, for rectified flow,
 * x + (t_{i+1} − t_i)·v̂: the same first-order method. Well defined at α = 0 (rectified flow's t = 1).
 */
export const euler: Sampler = async (options) => {
  validateOptions(options, 'euler');
  const { levels } = options;
  let x = Float64Array.from(options.x);
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const { x0, epsilon } = await estimate(options, x, current);
    x = x.map((_, k) => next.alpha * x0[k]! + next.sigma * epsilon[k]!);
    reportStep(options, i + 1, next, x, x0);
  }
  return Float32Array.from(x);
};
