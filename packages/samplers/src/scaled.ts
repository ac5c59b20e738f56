import { type NoiseLevel, type NoiseProcess, noiseLevel } from '@latentlab/schedules';
import type { Estimate } from './evaluate.js';

/**
 * Karras et al. 2022 (§4, eq. 4) write every process x = α·x₀ + σ·ε as a VE process in the scaled
 * variables y = x/α, s = σ/α: dy/ds = ε̂. k-diffusion's samplers all live there (its σ is this s), so a
 * sampler transcribed from k-diffusion works on any process by stepping y and s. This file holds the
 * conversions they share.
 */

/** s = σ/α: k-diffusion's σ (∞ where α = 0, rectified flow's t = 1). */
export const ratioOf = (level: NoiseLevel): number => level.sigma / level.alpha;

/**
 * The level whose σ/α is `ratio` (a midpoint that is not on the sampler's path, as DPM-Solver-2 and
 * DPM-Solver++(2S) need), through the process's log-SNR λ = log(α/σ) = −log s.
 */
export function levelAtRatio(process: NoiseProcess, ratio: number): NoiseLevel {
  return noiseLevel(process, process.timeAtLogSnr(-Math.log(ratio)));
}

/**
 * The Euler step to `next`: x = α_{i+1}·x̂₀ + σ_{i+1}·ε̂ (`euler`). Samplers written in s take it where s
 * has no finite value: on the last step to the data (Karras et al. 2022, Alg. 1, line 7: σ_{i+1} = 0) and
 * on a step from α = 0 (s = ∞, rectified flow's t = 1), where it is the limit of their predictor.
 */
export function eulerStep(estimate: Estimate, next: NoiseLevel): Float64Array {
  return estimate.x0.map((value, k) => next.alpha * value + next.sigma * estimate.epsilon[k]!);
}

/**
 * k-diffusion's `get_ancestral_step` in s: a step from s to s_next splits into a deterministic step down to
 * s_down and fresh noise of std s_up, s_down² + s_up² = s_next²:
 *   s_up = min(s_next, η·s_next·√(1 − (s_next/s)²)),  s_down = √(s_next² − s_up²);  η = 0: (s_next, 0).
 */
export function ancestralStep(ratio: number, nextRatio: number, eta: number): { down: number; up: number } {
  if (eta === 0) return { down: nextRatio, up: 0 };
  const shrink = Number.isFinite(ratio) ? nextRatio / ratio : 0;
  const up = Math.min(nextRatio, eta * nextRatio * Math.sqrt(Math.max(0, 1 - shrink * shrink)));
  return { down: Math.sqrt(Math.max(0, nextRatio * nextRatio - up * up)), up };
}
