import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * Multistep consistency sampling (Song et al. 2023, Algorithm 1) for a consistency model f(x, t) → x̂₀:
 *   1. x̂₀ ← f(x, t_i);
 *   2. unless this is the last level: x_{i+1} = α_{i+1}·x̂₀ + σ_{i+1}·z, z ~ N(0, I) fresh
 *      (the paper's x̂₀ + √(τ² − ε²)·z in VE form, written for any α, σ);
 * the result is the last x̂₀ (a consistency model maps any point straight to data, so one level is one
 * step). Not an ODE integrator: with an ordinary denoiser it would collapse samples toward their means,
 * which is why it is not among `SAMPLERS`. Needs `rng`.
 */
export const consistency: Sampler = async (options) => {
  validateOptions(options, 'consistency');
  const { levels, rng } = options;
  if (!rng) throw new RangeError('consistency: needs rng (fresh noise is added between steps)');
  let x: Float64Array = Float64Array.from(options.x);
  // Every level but the last clean one is a step: t_0 (noisiest) … down to the last level above t_min.
  const stepLevels = levels[levels.length - 1]!.sigma === 0 ? levels.slice(0, -1) : levels;
  let x0: Float64Array = x;
  for (let i = 0; i < stepLevels.length; i++) {
    x0 = (await estimate(options, x, stepLevels[i]!)).x0;
    const next = stepLevels[i + 1];
    if (next) {
      const z = rng.normal(x.length);
      x = x0.map((value, k) => next.alpha * value + next.sigma * z[k]!);
    } else x = x0;
    reportStep(options, i + 1, next ?? levels[levels.length - 1]!, x, x0);
  }
  return Float32Array.from(x0);
};
