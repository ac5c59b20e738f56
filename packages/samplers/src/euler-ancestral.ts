import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * Euler-ancestral (stochastic) sampling, in the scaled variables y = x/α, s = σ/α of Karras et al. 2022,
 * with the split of each step into a deterministic part and fresh noise used by k-diffusion
 * (`get_ancestral_step`):
 *   1. s_up = min(s_{i+1}, η·√(s_{i+1}²·(s_i² − s_{i+1}²)/s_i²)),  s_down = √(s_{i+1}² − s_up²);
 *   2. (x̂₀, ε̂) ← model at level i;  y_down = y_i + (s_down − s_i)·ε̂ = x̂₀ + s_down·ε̂;
 *   3. y_{i+1} = y_down + s_up·z,  z ~ N(0, I);  x_{i+1} = α_{i+1}·y_{i+1}.
 * η = 1 (default) samples the reverse SDE's ancestral chain; η = 0 is `euler`. Algebraically it equals
 * DDIM with the same η — the tests use that as a second implementation.
 */
export const eulerAncestral: Sampler = async (options) => {
  validateOptions(options, 'eulerAncestral');
  const eta = options.eta ?? 1;
  if (eta > 0 && !options.rng) throw new Error('eulerAncestral: needs options.rng for the injected noise');
  const { levels } = options;
  let x = Float64Array.from(options.x);
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const { x0, epsilon } = await estimate(options, x, current);
    const ratio = current.sigma / current.alpha; // s_i (∞ where α = 0)
    const nextRatio = next.sigma / next.alpha; // s_{i+1}
    const shrink = Number.isFinite(ratio) ? nextRatio / ratio : 0;
    const up = Math.min(nextRatio, eta * nextRatio * Math.sqrt(Math.max(0, 1 - shrink * shrink)));
    const down = Math.sqrt(Math.max(0, nextRatio * nextRatio - up * up));
    const noise = up > 0 ? options.rng!.normal(x.length) : undefined;
    x = x.map((_, k) => next.alpha * (x0[k]! + down * epsilon[k]! + (noise ? up * noise[k]! : 0)));
    reportStep(options, i + 1, next, x, x0);
  }
  return Float32Array.from(x);
};
