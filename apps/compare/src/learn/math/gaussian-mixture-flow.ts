import type { Denoiser } from '@latentlab/samplers';
import {
  coefficientsAt,
  type NoiseProcess,
  type ProcessCoefficients,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';

/**
 * The exact denoiser of a mixture of isotropic 2-D Gaussians, for any process x_t = α·x₀ + σ·ε, ε ~ N(0, I).
 *
 * For one component x₀ ~ N(μ, s²I), (x₀, ε, x_t) are jointly Gaussian and x_t | k ~ N(α·μ, v·I) with
 * v = α²s² + σ². Conditioning a Gaussian on x_t (Bishop 2006, "Pattern Recognition and Machine Learning",
 * §2.3.3, eq. 2.116; the Gaussian-data case of Karras et al. 2022, Appendix B.3):
 *   E[x₀ | x_t, k] = μ + (α·s²/v)·(x_t − α·μ),     E[ε | x_t, k] = (σ/v)·(x_t − α·μ).
 * For the mixture, the posterior class weights are Bayes' rule over those marginals,
 *   w_k(x_t) ∝ π_k · N(x_t; α·μ_k, v_k·I),
 * and every posterior mean is Σ_k w_k·E[· | x_t, k]. Any prediction target is linear in (x₀, ε), so the
 * velocity E[u | x_t] = α'·E[x₀ | x_t] + σ'·E[ε | x_t] (ε − x₀ for rectified flow) is the same weighted sum.
 * Classifier-free guidance (Ho & Salimans 2021, eq. 6) combines the class field and the mixture field.
 */

export interface IsotropicGaussian {
  /** Mean μ of x₀. */
  mean: readonly [number, number];
  /** Standard deviation s of each coordinate of x₀. */
  std: number;
  /** Prior weight π_k (the weights of a mixture sum to 1). */
  weight: number;
}

/** One component per class: class k is component k. */
export type GaussianMixture = readonly IsotropicGaussian[];

/** The two-class mixture of the Learn tab: equal weights, std 0.5. */
export const TWO_CLASS_MIXTURE: GaussianMixture = [
  { mean: [-1.5, 0], std: 0.5, weight: 0.5 },
  { mean: [1.5, 0.5], std: 0.5, weight: 0.5 },
];

/** Posterior means of x₀ and ε given x_t, each (N, 2) like the points. */
export interface PosteriorMeans {
  x0: Float64Array;
  epsilon: Float64Array;
}

/** Marginal variance v = α²s² + σ² of x_t given the component. */
function marginalVariance(component: IsotropicGaussian, { alpha, sigma }: ProcessCoefficients): number {
  return alpha * alpha * component.std * component.std + sigma * sigma;
}

/** E[x₀ | x_t, k] and E[ε | x_t, k] for points x_t (N, 2). */
export function componentPosteriorMeans(
  component: IsotropicGaussian,
  points: ArrayLike<number>,
  coefficients: ProcessCoefficients,
): PosteriorMeans {
  const { alpha, sigma } = coefficients;
  const variance = marginalVariance(component, coefficients);
  if (!(variance > 0))
    throw new RangeError(`componentPosteriorMeans: α = σ = 0 leaves x_t without information`);
  const x0 = new Float64Array(points.length);
  const epsilon = new Float64Array(points.length);
  const signalGain = (alpha * component.std * component.std) / variance;
  const noiseGain = sigma / variance;
  for (let i = 0; i < points.length; i++) {
    const mean = component.mean[i % 2]!;
    const residual = points[i]! - alpha * mean; // x_t − α·μ
    x0[i] = mean + signalGain * residual;
    epsilon[i] = noiseGain * residual;
  }
  return { x0, epsilon };
}

/** Posterior class weights w_k(x_t), (N, K); each row sums to 1. */
export function posteriorClassWeights(
  mixture: GaussianMixture,
  points: ArrayLike<number>,
  coefficients: ProcessCoefficients,
): Float64Array {
  const count = points.length / 2;
  const classes = mixture.length;
  const weights = new Float64Array(count * classes);
  const logWeights = new Float64Array(classes);
  for (let n = 0; n < count; n++) {
    const [x, y] = [points[2 * n]!, points[2 * n + 1]!];
    let largest = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) {
      const component = mixture[k]!;
      const variance = marginalVariance(component, coefficients);
      const dx = x - coefficients.alpha * component.mean[0];
      const dy = y - coefficients.alpha * component.mean[1];
      // log π_k + log N(x_t; α·μ_k, v·I) up to the shared −log(2π): −(dx² + dy²)/(2v) − log v (D = 2).
      logWeights[k] = Math.log(component.weight) - (dx * dx + dy * dy) / (2 * variance) - Math.log(variance);
      largest = Math.max(largest, logWeights[k]!);
    }
    let total = 0;
    for (let k = 0; k < classes; k++) {
      const unnormalised = Math.exp(logWeights[k]! - largest);
      weights[n * classes + k] = unnormalised;
      total += unnormalised;
    }
    for (let k = 0; k < classes; k++) weights[n * classes + k]! /= total;
  }
  return weights;
}

/** E[x₀ | x_t] and E[ε | x_t] under the whole mixture: the posterior-weighted component means. */
export function mixturePosteriorMeans(
  mixture: GaussianMixture,
  points: ArrayLike<number>,
  coefficients: ProcessCoefficients,
): PosteriorMeans {
  const weights = posteriorClassWeights(mixture, points, coefficients);
  const x0 = new Float64Array(points.length);
  const epsilon = new Float64Array(points.length);
  mixture.forEach((component, k) => {
    const means = componentPosteriorMeans(component, points, coefficients);
    for (let i = 0; i < points.length; i++) {
      const weight = weights[(i >> 1) * mixture.length + k]!;
      x0[i]! += weight * means.x0[i]!;
      epsilon[i]! += weight * means.epsilon[i]!;
    }
  });
  return { x0, epsilon };
}

/** The velocity α'·x̂₀ + σ'·ε̂ of posterior means, through the schedules package's conversion. */
function velocityOf(means: PosteriorMeans, coefficients: ProcessCoefficients): Float64Array {
  return x0AndEpsilonToPrediction(means.x0, means.epsilon, 'velocity', coefficients);
}

/** E[u | x_t, class k], (N, 2): the field a perfect class-conditional model predicts. */
export function conditionalVelocity(
  mixture: GaussianMixture,
  classIndex: number,
  points: ArrayLike<number>,
  coefficients: ProcessCoefficients,
): Float64Array {
  const component = mixture[classIndex];
  if (!component) throw new RangeError(`conditionalVelocity: class ${classIndex} of ${mixture.length}`);
  return velocityOf(componentPosteriorMeans(component, points, coefficients), coefficients);
}

/** E[u | x_t], (N, 2): the field a perfect unconditional model predicts. */
export function unconditionalVelocity(
  mixture: GaussianMixture,
  points: ArrayLike<number>,
  coefficients: ProcessCoefficients,
): Float64Array {
  return velocityOf(mixturePosteriorMeans(mixture, points, coefficients), coefficients);
}

/** The guided field u_uncond + w·(u_cond − u_uncond) (w = 1: conditional, w = 0: unconditional). */
export function guidedVelocity(
  mixture: GaussianMixture,
  classIndex: number,
  points: ArrayLike<number>,
  coefficients: ProcessCoefficients,
  scale: number,
): Float64Array {
  const conditional = conditionalVelocity(mixture, classIndex, points, coefficients);
  const unconditional = unconditionalVelocity(mixture, points, coefficients);
  return conditional.map((value, i) => unconditional[i]! + scale * (value - unconditional[i]!));
}

/**
 * The mixture's exact velocity as a sampler's model: label k < K gives class k's field, label K (the null
 * class, one past the last) the unconditional field — the layout of a class-conditional network with CFG.
 */
export function mixtureDenoiser(mixture: GaussianMixture, process: NoiseProcess): Denoiser<Int32Array> {
  const nullClass = mixture.length;
  return async ({ x, shape, t, condition }) => {
    const batch = shape[0] ?? 0;
    if (x.length !== 2 * batch || condition.length !== batch) {
      throw new RangeError(
        `mixtureDenoiser: expected x (B, 2) and B labels, got ${x.length} values for shape [${shape.join(', ')}] and ${condition.length} labels`,
      );
    }
    const coefficients = coefficientsAt(process, t);
    const velocity = new Float32Array(x.length);
    const conditionalFields = mixture.map((_, k) => conditionalVelocity(mixture, k, x, coefficients));
    const unconditionalField = unconditionalVelocity(mixture, x, coefficients);
    for (let n = 0; n < batch; n++) {
      const label = condition[n]!;
      const field = label === nullClass ? unconditionalField : conditionalFields[label];
      if (!field) throw new RangeError(`mixtureDenoiser: label ${label}; expected 0 … ${nullClass}`);
      velocity[2 * n] = field[2 * n]!;
      velocity[2 * n + 1] = field[2 * n + 1]!;
    }
    return velocity;
  };
}
