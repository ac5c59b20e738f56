import type { Rng } from '@latentlab/tensor';
import { checkSampleCount } from './checks.js';

export interface EdmLogNormalOptions {
  /** P_mean (Karras et al. 2022, Table 1: −1.2). */
  mean?: number;
  /** P_std (Karras et al. 2022, Table 1: 1.2). */
  std?: number;
}

/**
 * EDM training noise levels (Karras et al. 2022, Table 1, "Training: noise distribution"):
 * ln σ ~ N(P_mean, P_std²), returned as σ values (the time of the `edm` process). Median e^(P_mean).
 */
export function edmLogNormalSigmas(
  rng: Rng,
  n: number,
  { mean = -1.2, std = 1.2 }: EdmLogNormalOptions = {},
): Float64Array {
  checkSampleCount(n, 'edmLogNormalSigmas');
  if (!(std > 0 && Number.isFinite(std) && Number.isFinite(mean))) {
    throw new RangeError(
      `edmLogNormalSigmas: mean = ${mean}, std = ${std}; expected finite mean and std > 0`,
    );
  }
  const normals = rng.normal(n);
  const sigmas = new Float64Array(n);
  for (let i = 0; i < n; i++) sigmas[i] = Math.exp(mean + std * normals[i]!);
  return sigmas;
}
