import type { Rng } from '@latentlab/tensor';
import { sigmoid } from '../numerics.js';
import { checkSampleCount } from './checks.js';

export interface LogitNormalOptions {
  /** Location m of logit(t) (Esser et al. 2024: m = 0). */
  mean?: number;
  /** Scale s of logit(t) (Esser et al. 2024: s = 1). */
  std?: number;
}

/**
 * Logit-normal times (Esser et al. 2024, "Scaling Rectified Flow Transformers" (SD3), §3.1 "Logit-Normal
 * Sampling"): t = sigmoid(m + s·z), z ~ N(0, 1), i.e. logit(t) ~ N(m, s²); density
 * π_ln(t; m, s) = 1/(s√(2π)) · 1/(t(1 − t)) · exp(−(logit(t) − m)²/(2s²)). Median sigmoid(m). Values lie in
 * (0, 1); in float64 they round to 1 only where m + s·z > 36.7 (`rng.normal` gives |z| < 6.8).
 */
export function logitNormalTimes(
  rng: Rng,
  n: number,
  { mean = 0, std = 1 }: LogitNormalOptions = {},
): Float64Array {
  checkSampleCount(n, 'logitNormalTimes');
  if (!(std > 0 && Number.isFinite(std) && Number.isFinite(mean))) {
    throw new RangeError(`logitNormalTimes: mean = ${mean}, std = ${std}; expected finite mean and std > 0`);
  }
  const normals = rng.normal(n);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = sigmoid(mean + std * normals[i]!);
  return times;
}
