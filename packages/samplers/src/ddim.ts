import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * DDIM (Song et al. 2021, eq. 12) for any process x_t = α·x₀ + σ·ε, with stochasticity η:
 *   1. (x̂₀, ε̂) ← model at level i;
 *   2. c = η·σ_{i+1}·√(1 − (α_i·σ_{i+1} / (α_{i+1}·σ_i))²)   (for VP this is the paper's σ_t(η));
 *   3. x_{i+1} = α_{i+1}·x̂₀ + √(σ_{i+1}² − c²)·ε̂ + c·z,  z ~ N(0, I).
 * η = 0 is the deterministic ODE sampler (equal to `euler`); η = 1 is ancestral sampling (DDPM-like).
 */
export const ddim: Sampler = async (options) => {
  validateOptions(options, 'ddim');
  const eta = options.eta ?? 0;
  if (eta > 0 && !options.rng) throw new Error('ddim: eta > 0 needs options.rng for the injected noise');
  const { levels } = options;
  let x = Float64Array.from(options.x);
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const { x0, epsilon } = await estimate(options, x, current);
    const shrink = (current.alpha * next.sigma) / (next.alpha * current.sigma); // s_{i+1}/s_i
    const injected =
      eta > 0 && next.sigma > 0 ? eta * next.sigma * Math.sqrt(Math.max(0, 1 - shrink * shrink)) : 0;
    const kept = Math.sqrt(Math.max(0, next.sigma * next.sigma - injected * injected));
    const noise = injected > 0 ? options.rng!.normal(x.length) : undefined;
    x = x.map((_, k) => next.alpha * x0[k]! + kept * epsilon[k]! + (noise ? injected * noise[k]! : 0));
    reportStep(options, i + 1, next, x, x0);
  }
  return Float32Array.from(x);
};
