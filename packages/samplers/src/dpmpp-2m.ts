import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", Algorithm 2), a multistep second-order solver of the
 * probability-flow ODE in the data-prediction form, with λ = log(α/σ) and h_i = λ_{i+1} − λ_i:
 *   1. x̂₀_i ← model at level i;
 *   2. D_i = x̂₀_i on the first step, else with r_i = h_{i−1}/h_i:  D_i = (1 + 1/(2r_i))·x̂₀_i − 1/(2r_i)·x̂₀_{i−1};
 *   3. x_{i+1} = (σ_{i+1}/σ_i)·x_i − α_{i+1}·(e^{−h_i} − 1)·D_i.
 * The last step (to σ = 0, h = ∞) is first order, x = α·x̂₀ (diffusers' `lower_order_final`); so is any step
 * whose previous step had h = ∞ (from α = 0).
 */
export const dpmSolverPlusPlus2M: Sampler = async (options) => {
  validateOptions(options, 'dpmSolverPlusPlus2M');
  const { levels } = options;
  let x = Float64Array.from(options.x);
  let previous: { x0: Float64Array; h: number } | undefined;
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const { x0 } = await estimate(options, x, current);
    if (next.sigma === 0) {
      x = x0.map((value) => next.alpha * value);
      reportStep(options, i + 1, next, x, x0);
      previous = undefined;
      continue;
    }
    const decay = (current.alpha * next.sigma) / (current.sigma * next.alpha); // e^{−h}
    const h = -Math.log(decay);
    let data = x0;
    if (previous && Number.isFinite(previous.h) && Number.isFinite(h)) {
      const weight = 1 / (2 * (previous.h / h)); // 1/(2r)
      const older = previous.x0;
      data = x0.map((value, k) => (1 + weight) * value - weight * older[k]!);
    }
    const keep = next.sigma / current.sigma;
    x = x.map((value, k) => keep * value - next.alpha * (decay - 1) * data[k]!);
    reportStep(options, i + 1, next, x, x0);
    previous = { x0, h };
  }
  return Float32Array.from(x);
};
