import type { Rng } from '@latentlab/tensor';
import { checkSampleCount } from './checks.js';

export interface ModeTimesOptions {
  /** The scale s: s > 0 puts more mass on the middle, s < 0 on the ends (Esser et al. 2024: 1.29 is best). */
  scale?: number;
}

/** The largest s for which f_mode is monotone: 2/(π − 2) (Esser et al. 2024, §3.1). */
export const MODE_SCALE_MAX = 2 / (Math.PI - 2);

/**
 * f_mode(u; s) = 1 − u − s·(cos²(π/2·u) − 1 + u) (Esser et al. 2024, SD3, §3.1 "Mode Sampling with Heavy
 * Tails"). Decreasing from f(0) = 1 to f(1) = 0 for −1 ≤ s ≤ 2/(π − 2).
 */
export function modeTransform(u: number, scale: number): number {
  const cosine = Math.cos((Math.PI / 2) * u);
  return 1 - u - scale * (cosine * cosine - 1 + u);
}

/**
 * Times drawn by mode sampling with heavy tails: t = f_mode(u; s), u ~ U(0, 1) (Esser et al. 2024, §3.1;
 * the same formula as diffusers' `compute_density_for_timestep_sampling(weighting_scheme="mode")`).
 * Values lie in [0, 1]. Its CDF is P(t ≤ x) = 1 − f_mode⁻¹(x).
 */
export function modeTimes(rng: Rng, n: number, { scale = 1.29 }: ModeTimesOptions = {}): Float64Array {
  checkSampleCount(n, 'modeTimes');
  if (!(scale >= -1 && scale <= MODE_SCALE_MAX)) {
    throw new RangeError(
      `modeTimes: scale = ${scale}; expected −1 ≤ s ≤ 2/(π − 2) ≈ ${MODE_SCALE_MAX.toFixed(4)} (monotone f_mode)`,
    );
  }
  const uniforms = rng.uniform(n);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = Math.min(1, Math.max(0, modeTransform(uniforms[i]!, scale)));
  return times;
}
