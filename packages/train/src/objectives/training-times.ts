import {
  cosmapTimes,
  edmLogNormalSigmas,
  logitNormalTimes,
  modeTimes,
  uniformTimes,
} from '@latentlab/schedules';
import type { Rng } from '@latentlab/tensor';

/**
 * How a diffusion objective draws its training times: `count` process times from `rng`, rounded to float32
 * (the model sees float32 times; the noise levels are computed from the same rounded values).
 */
export interface TrainingTimes {
  /** e.g. 'logit-normal(0, 1)': recorded with the run. */
  readonly name: string;
  sample(rng: Rng, count: number): Float32Array;
}

/** The names `trainingTimesByName` knows (diffusers' weighting_scheme choices, plus EDM's). */
export const TIME_DISTRIBUTIONS = ['logit-normal', 'uniform', 'mode', 'cosmap', 'edm-log-normal'] as const;
export type TimeDistribution = (typeof TIME_DISTRIBUTIONS)[number];

/** t ~ U(0, 1) (Ho et al. 2020, Algorithm 1 in continuous time; Esser et al. 2024 §3.1 "rf"). */
export function uniformTrainingTimes(): TrainingTimes {
  return { name: 'uniform', sample: (rng, count) => Float32Array.from(uniformTimes(rng, count)) };
}

/** t = sigmoid(m + s·z), z ~ N(0, 1) (Esser et al. 2024, §3.1 "logit-normal sampling"). */
export function logitNormalTrainingTimes(mean = 0, std = 1): TrainingTimes {
  return {
    name: `logit-normal(${mean}, ${std})`,
    sample: (rng, count) => Float32Array.from(logitNormalTimes(rng, count, { mean, std })),
  };
}

/** Mode sampling with heavy tails (Esser et al. 2024, §3.1, eq. 20; scale 1.29 there). */
export function modeTrainingTimes(): TrainingTimes {
  return { name: 'mode', sample: (rng, count) => Float32Array.from(modeTimes(rng, count)) };
}

/** CosMap (Esser et al. 2024, §3.1, eq. 21). */
export function cosmapTrainingTimes(): TrainingTimes {
  return { name: 'cosmap', sample: (rng, count) => Float32Array.from(cosmapTimes(rng, count)) };
}

/** EDM's noise levels ln σ ~ N(P_mean, P_std²) as times of the `edm` process (Karras et al. 2022, Table 1). */
export function edmLogNormalTrainingTimes(mean = -1.2, std = 1.2): TrainingTimes {
  return {
    name: `edm-log-normal(${mean}, ${std})`,
    sample: (rng, count) => Float32Array.from(edmLogNormalSigmas(rng, count, { mean, std })),
  };
}

export interface TimeDistributionParameters {
  /** logit-normal m, or EDM's P_mean. */
  mean?: number;
  /** logit-normal s, or EDM's P_std. */
  std?: number;
}

/** The distribution of that name; `mean`/`std` parameterise 'logit-normal' (0, 1) and 'edm-log-normal' (−1.2, 1.2). */
export function trainingTimesByName(
  name: TimeDistribution,
  { mean, std }: TimeDistributionParameters = {},
): TrainingTimes {
  switch (name) {
    case 'logit-normal':
      return logitNormalTrainingTimes(mean ?? 0, std ?? 1);
    case 'uniform':
      return uniformTrainingTimes();
    case 'mode':
      return modeTrainingTimes();
    case 'cosmap':
      return cosmapTrainingTimes();
    case 'edm-log-normal':
      return edmLogNormalTrainingTimes(mean ?? -1.2, std ?? 1.2);
    default:
      throw new RangeError(
        `unknown time distribution '${String(name)}'; expected one of ${TIME_DISTRIBUTIONS.join(', ')}`,
      );
  }
}
