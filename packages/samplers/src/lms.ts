import { estimate, reportStep, validateOptions } from './evaluate.js';
import { multistepCoefficients } from './lms-coefficients.js';
import { eulerStep, ratioOf } from './scaled.js';
import type { Sampler } from './types.js';

/** The number of past slopes `lms` interpolates (k-diffusion's default order). */
export const LMS_ORDER = 4;

/**
 * Linear multistep (k-diffusion's `sample_lms`, order 4) on the scaled ODE dy/ds = ε̂ (y = x/α, s = σ/α):
 * the slopes of the last min(i + 1, 4) levels define a polynomial in s, integrated exactly over the step:
 *   y_{i+1} = y_i + Σ_j c_j·ε̂_{i−j},  c_j = ∫_{s_i}^{s_{i+1}} ℓ_j(τ) dτ  (`multistepCoefficients`),
 * including the last step to s = 0. One model call per step; order 1 on the first step, 4 from the fourth.
 * A level at α = 0 (s = ∞) cannot be an interpolation node: the step from it is an Euler step and the
 * history starts after it.
 */
export const lms: Sampler = async (options) => {
  validateOptions(options, 'lms');
  const { levels } = options;
  let x: Float64Array = Float64Array.from(options.x);
  const history: { ratio: number; slope: Float64Array }[] = [];
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const now = await estimate(options, x, current);
    if (current.alpha === 0) {
      x = eulerStep(now, next);
      reportStep(options, i + 1, next, x, now.x0);
      continue;
    }
    history.unshift({ ratio: ratioOf(current), slope: now.epsilon });
    if (history.length > LMS_ORDER) history.pop();
    const coefficients = multistepCoefficients(
      history.map((entry) => entry.ratio),
      ratioOf(next),
    );
    const y = x.map((value) => value / current.alpha);
    x = y.map((value, k) => {
      let change = 0;
      history.forEach((entry, j) => {
        change += coefficients[j]! * entry.slope[k]!;
      });
      return next.alpha * (value + change);
    });
    reportStep(options, i + 1, next, x, now.x0);
  }
  return Float32Array.from(x);
};
