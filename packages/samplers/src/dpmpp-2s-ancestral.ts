import { estimate, reportStep, validateOptions } from './evaluate.js';
import { ancestralStep, levelAtRatio, ratioOf } from './scaled.js';
import type { Sampler } from './types.js';

/**
 * DPM-Solver++(2S) with ancestral noise, as k-diffusion's `sample_dpmpp_2s_ancestral` (Lu et al. 2022,
 * "DPM-Solver++", Alg. 1 in the data-prediction form, r = 1/2), in the scaled variables y = x/α, s = σ/α
 * with λ = −log s:
 *   1. (s_down, s_up) = ancestral split of s_i → s_{i+1} with η (`ancestralStep`);  x̂₀ ← model at s_i;
 *   2. h = λ(s_down) − λ(s_i), s_mid = e^{−(λ_i + h/2)}:
 *        y_mid = (s_mid/s_i)·y_i − (e^{−h/2} − 1)·x̂₀;  x̂₀' ← model at (y_mid, s_mid);
 *        y_down = (s_down/s_i)·y_i − (e^{−h} − 1)·x̂₀';
 *   3. y_{i+1} = y_down + s_up·z, z ~ N(0, I) (not on the last step);  x_{i+1} = α_{i+1}·y_{i+1}.
 * Where s_down = 0 (the last step; any step with η ≥ 1 from s = ∞) or s_i = ∞ (α = 0) the deterministic part
 * is the Euler step y_down = x̂₀ + s_down·ε̂. η = 0 is the deterministic DPM-Solver++(2S). Two model calls
 * per step.
 */
export const dpmSolverPlusPlus2SAncestral: Sampler = async (options) => {
  validateOptions(options, 'dpmSolverPlusPlus2SAncestral');
  const eta = options.eta ?? 1;
  if (eta > 0 && !options.rng)
    throw new Error('dpmSolverPlusPlus2SAncestral: needs options.rng for the injected noise');
  const { levels } = options;
  let x: Float64Array = Float64Array.from(options.x);
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const first = await estimate(options, x, current);
    const ratio = ratioOf(current);
    const { down, up } = ancestralStep(ratio, ratioOf(next), eta);
    let y: Float64Array;
    let x0 = first.x0;
    if (down === 0 || current.alpha === 0) {
      y = first.x0.map((value, k) => value + down * first.epsilon[k]!);
    } else {
      const h = Math.log(ratio / down);
      const middle = levelAtRatio(options.process, ratio * Math.exp(-h / 2));
      const toMiddle = ratioOf(middle) / ratio;
      const half = Math.expm1(-h / 2);
      const atMiddle = x.map(
        (value, k) => middle.alpha * ((toMiddle * value) / current.alpha - half * first.x0[k]!),
      );
      x0 = (await estimate(options, atMiddle, middle)).x0;
      const [keep, full] = [down / ratio, Math.expm1(-h)];
      y = x.map((value, k) => (keep * value) / current.alpha - full * x0[k]!);
    }
    if (up > 0 && next.sigma > 0) {
      const noise = options.rng!.normal(y.length);
      for (let k = 0; k < y.length; k++) y[k]! += up * noise[k]!;
    }
    x = y.map((value) => next.alpha * value);
    reportStep(options, i + 1, next, x, x0);
  }
  return Float32Array.from(x);
};
