import type { GaussianMixture } from './gaussian-data.js';

/** 2-D Gaussian data with correlated coordinates. */
export const GAUSSIAN: GaussianMixture = [
  {
    weight: 1,
    mean: [0.5, -1],
    covariance: [
      [1, 0.6],
      [0.6, 0.8],
    ],
  },
];

/** Two classes with a shared covariance (so guided means have a closed form). */
const CLASS_COVARIANCE = [
  [0.3, 0.1],
  [0.1, 0.2],
];
export const CLASS_MEANS = [
  [-1.5, 0.5],
  [1.5, -0.5],
];

/** The 2-class Gaussian mixture, equal weights. */
export const TWO_CLASS_MIXTURE: GaussianMixture = CLASS_MEANS.map((mean) => ({
  weight: 0.5,
  mean,
  covariance: CLASS_COVARIANCE,
}));

/** Label of the unconditional ("null") class. */
export const NULL_LABEL = 2;

/** Class label → distribution, with the null label standing for the whole mixture. */
export const mixtureByLabel = (label: number): GaussianMixture =>
  label === NULL_LABEL ? TWO_CLASS_MIXTURE : [TWO_CLASS_MIXTURE[label]!];

/**
 * The same classes with a *Gaussian* null model N((0, 0), Σ_class): with equal covariances the
 * classifier-free-guided probability-flow ODE is linear and its result is closed-form (see `cfg.ts`).
 */
export const GAUSSIAN_NULL_MEAN = [0, 0];
export const gaussianNullByLabel = (label: number): GaussianMixture =>
  label === NULL_LABEL
    ? [{ weight: 1, mean: GAUSSIAN_NULL_MEAN, covariance: CLASS_COVARIANCE }]
    : [TWO_CLASS_MIXTURE[label]!];

export { CLASS_COVARIANCE };
