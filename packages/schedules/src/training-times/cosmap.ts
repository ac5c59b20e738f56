import type { Rng } from '@latentlab/tensor';
import { checkSampleCount } from './checks.js';

/**
 * CosMap times (Esser et al. 2024, SD3, §3.1 "CosMap"): t = f(u) = 1 − 1/(tan(π/2·u) + 1), u ~ U(0, 1),
 * chosen so that the rectified-flow log-SNR matches the cosine schedule's; density
 * π(t) = 2/(π(1 − 2t + 2t²)) and CDF P(t ≤ x) = (2/π)·atan(x/(1 − x)). Values lie in [0, 1).
 */
export function cosmapTimes(rng: Rng, n: number): Float64Array {
  checkSampleCount(n, 'cosmapTimes');
  const uniforms = rng.uniform(n);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = 1 - 1 / (Math.tan((Math.PI / 2) * uniforms[i]!) + 1);
  return times;
}
