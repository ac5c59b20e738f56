import type { Rng } from '@latentlab/tensor';
import { checkSampleCount } from './checks.js';

/**
 * t ~ U(0, 1), the rectified-flow / continuous-diffusion default (Ho et al. 2020, Algorithm 1, in continuous
 * time; Esser et al. 2024, §3.1 "rf"). Values come from `rng.uniform`, so they lie in the open interval (0, 1).
 */
export function uniformTimes(rng: Rng, n: number): Float64Array {
  checkSampleCount(n, 'uniformTimes');
  return Float64Array.from(rng.uniform(n));
}

/**
 * Integer timesteps uniform on {0, …, steps − 1}, for the discrete DDPM processes whose time is the table
 * index (Ho et al. 2020, Algorithm 1: t ~ Uniform({1, …, T}), here 0-based).
 */
export function uniformTimesteps(rng: Rng, n: number, steps: number): Float64Array {
  checkSampleCount(n, 'uniformTimesteps');
  if (!Number.isSafeInteger(steps) || steps < 1) {
    throw new RangeError(`uniformTimesteps: steps = ${steps}; expected a positive integer`);
  }
  return Float64Array.from(rng.randint(n, 0, steps));
}
