import { cosmapTimes, logitNormalTimes, modeTimes, uniformTimes } from '@latentlab/schedules';
import type { Rng } from '@latentlab/tensor';

/** How training times t ∈ (0, 1) are drawn (the choices of Esser et al. 2024 §3.1; diffusers' weighting_scheme). */
export const TIME_DISTRIBUTIONS = ['logit-normal', 'uniform', 'mode', 'cosmap'] as const;
export type TimeDistribution = (typeof TIME_DISTRIBUTIONS)[number];

export interface TimeSampling {
  timeDistribution: TimeDistribution;
  /** logit-normal: t = sigmoid(m + s·z). */
  timeMean: number;
  timeStd: number;
}

/** `count` training times from `rng` under `sampling`. */
export function sampleTrainingTimes(rng: Rng, count: number, sampling: TimeSampling): Float32Array {
  switch (sampling.timeDistribution) {
    case 'logit-normal':
      return Float32Array.from(
        logitNormalTimes(rng, count, { mean: sampling.timeMean, std: sampling.timeStd }),
      );
    case 'uniform':
      return Float32Array.from(uniformTimes(rng, count));
    case 'mode':
      return Float32Array.from(modeTimes(rng, count));
    case 'cosmap':
      return Float32Array.from(cosmapTimes(rng, count));
  }
}
