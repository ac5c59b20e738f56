import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * Heun's second-order method (Karras et al. 2022, Algorithm 1, deterministic) on the probability-flow ODE,
 * written in the angle φ = arctan(σ/α) with the normalised state x̄ = x/√(α² + σ²) = cos φ·x₀ + sin φ·ε.
 * There the ODE reads dx̄/dφ = −sin φ·x̂₀ + cos φ·ε̂ (the v-prediction is this derivative: Salimans & Ho
 * 2022, §4), and φ ∈ [0, π/2] stays finite at both ends, so the same method covers rectified flow from
 * t = 1 (α = 0) and tables whose σ/α reaches 10⁴, where a trapezoid in σ/α itself (Karras's choice for
 * EDM) is badly inaccurate over the first, huge step.
 *   1. d = −sin φ_i·x̂₀ + cos φ_i·ε̂ at level i;  predictor x̄* = x̄_i + (φ_{i+1} − φ_i)·d;
 *   2. if σ_{i+1} ≠ 0: d' at (x̄*, level i+1);  x̄_{i+1} = x̄_i + (φ_{i+1} − φ_i)·(d + d')/2;
 *      the last step to the data (σ = 0) takes the first-order step x = x̂₀ (Alg. 1, line 7);
 *   3. x_{i+1} = √(α_{i+1}² + σ_{i+1}²)·x̄_{i+1}.
 * Two model calls per step except the last.
 */
export const heun: Sampler = async (options) => {
  validateOptions(options, 'heun');
  const { levels } = options;
  let x = Float64Array.from(options.x);
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const first = await estimate(options, x, current);
    if (next.sigma === 0) {
      x = first.x0.map((value) => next.alpha * value);
      reportStep(options, i + 1, next, x, first.x0);
      continue;
    }
    const [angle, nextAngle] = [Math.atan2(current.sigma, current.alpha), Math.atan2(next.sigma, next.alpha)];
    const [norm, nextNorm] = [Math.hypot(current.alpha, current.sigma), Math.hypot(next.alpha, next.sigma)];
    const step = nextAngle - angle;
    const slope = first.x0.map((value, k) => -Math.sin(angle) * value + Math.cos(angle) * first.epsilon[k]!);
    const predictor = x.map((value, k) => nextNorm * (value / norm + step * slope[k]!));
    const second = await estimate(options, predictor, next);
    x = x.map((value, k) => {
      const nextSlope = -Math.sin(nextAngle) * second.x0[k]! + Math.cos(nextAngle) * second.epsilon[k]!;
      return nextNorm * (value / norm + (step * (slope[k]! + nextSlope)) / 2);
    });
    reportStep(options, i + 1, next, x, second.x0);
  }
  return Float32Array.from(x);
};
