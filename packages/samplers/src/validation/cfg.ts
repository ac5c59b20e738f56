import { type NoiseProcess, processByName } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import {
  combineGuided,
  type GuidanceConvention,
  guidanceWeight,
  stackLabels,
  withGuidance,
} from '../guidance.js';
import { heun } from '../heun.js';
import { initialNoise, samplingLevels } from '../levels.js';
import type { Denoiser } from '../types.js';
import { exactDenoiser } from './exact-denoiser.js';
import { momentErrors } from './gaussian-data.js';
import {
  CLASS_COVARIANCE,
  CLASS_MEANS,
  GAUSSIAN_NULL_MEAN,
  gaussianNullByLabel,
  NULL_LABEL,
} from './problems.js';
import { type Matrix, symmetricEigen } from './small-matrix.js';

const GUIDED_CLASS = 1;

/**
 * The mean of classifier-free-guided samples in closed form, for Gaussian classes N(μ_c, Σ) and a Gaussian
 * null model N(μ_u, Σ) sharing Σ, sampled from pure noise at rectified flow's t = 1.
 *
 * In y = x/α, s = σ/α, a Gaussian N(μ, Σ) has ε̂ = (s / (λ + s²))·(y − μ) along each eigen-direction
 * (eigenvalue λ), so the guided ODE dy/ds = ε̂_u + w·(ε̂_c − ε̂_u) = (s/(λ + s²))·(y − μ_w) with
 * μ_w = μ_u + w·(μ_c − μ_u): the mean obeys m(s) − μ_w ∝ √(λ + s²). Starting at s = ∞ with x = α·y of mean 0
 * forces the constant to 0 on the first guided stretch. Where guidance is off (outside the interval), the
 * target is μ_c instead. Walking the stretches from t = 1 to 0 gives the final mean, per eigen-direction.
 */
export function guidedMeanClosedForm(
  weight: number,
  interval: readonly [number, number] = [0, 1],
  process: NoiseProcess = processByName('rf'),
): number[] {
  const { values, vectors } = symmetricEigen(CLASS_COVARIANCE);
  const toEigen = (vector: readonly number[]) =>
    values.map((_, k) => vector.reduce((sum, v, i) => sum + vectors[i]![k]! * v, 0));
  const conditional = toEigen(CLASS_MEANS[GUIDED_CLASS]!);
  const unconditional = toEigen(GAUSSIAN_NULL_MEAN);
  const guided = conditional.map((value, k) => unconditional[k]! + weight * (value - unconditional[k]!));
  const ratioAt = (t: number) => process.sigma(t) / process.alpha(t);
  // Stretches from t = 1 down to 0: (1, high] unguided, [low, high] guided, [0, low) unguided.
  const [low, high] = [Math.max(0, interval[0]), Math.min(1, interval[1])];
  const stretches: { from: number; to: number; target: number[] }[] = [
    { from: 1, to: high, target: conditional },
    { from: high, to: low, target: guided },
    { from: low, to: 0, target: conditional },
  ].filter((stretch) => stretch.from > stretch.to);
  const mean = values.map((lambda, k) => {
    let current = Number.NaN; // m − target is ∝ √(λ + s²); at s = ∞ (t = 1) the mean is on target
    for (const { from, to, target } of stretches) {
      const [sFrom, sTo] = [ratioAt(from), ratioAt(to)];
      if (!Number.isFinite(sFrom)) {
        current = target[k]!;
        continue;
      }
      current =
        target[k]! + (current - target[k]!) * Math.sqrt((lambda + sTo * sTo) / (lambda + sFrom * sFrom));
    }
    return current;
  });
  return values.map((_, i) => mean.reduce((sum, value, k) => sum + vectors[i]![k]! * value, 0));
}

export interface CfgResult {
  expected_mean: number[];
  mean_err: number;
  cov_err: number;
}

async function guidedSamples(
  model: Denoiser<Int32Array>,
  samples: number,
  steps: number,
  seed: number,
  scale: number,
  convention: GuidanceConvention,
  interval?: readonly [number, number],
  rescale?: number,
): Promise<Float32Array> {
  const process = processByName('rf');
  const levels = samplingLevels(process, { steps });
  const rng = createRng(seed);
  return heun({
    process,
    model: withGuidance(model, {
      scale,
      convention,
      unconditional: new Int32Array(samples).fill(NULL_LABEL),
      stack: stackLabels,
      interval,
      rescale,
    }),
    target: 'velocity',
    condition: new Int32Array(samples).fill(GUIDED_CLASS),
    shape: [samples, 2],
    levels,
    x: initialNoise(levels[0]!, samples * 2, (n) => rng.normal(n)),
  });
}

/**
 * Guided sampling with the exact models (rectified flow, Heun) against the closed-form guided mean for
 * both scale conventions and a guidance interval.
 */
export async function measureGuidance(
  samples: number,
  steps: number,
  seed: number,
): Promise<Record<string, CfgResult>> {
  const model = exactDenoiser(processByName('rf'), 'velocity', gaussianNullByLabel);
  const cases: { key: string; scale: number; convention: GuidanceConvention; interval?: [number, number] }[] =
    [
      { key: 'uncond-plus-scale.w=1', scale: 1, convention: 'uncond-plus-scale' },
      { key: 'uncond-plus-scale.w=2', scale: 2, convention: 'uncond-plus-scale' },
      { key: 'uncond-plus-scale.w=4', scale: 4, convention: 'uncond-plus-scale' },
      { key: 'one-plus-scale.w=1', scale: 1, convention: 'one-plus-scale' },
      { key: 'one-plus-scale.w=3', scale: 3, convention: 'one-plus-scale' },
      { key: 'interval[0.2,0.6].w=4', scale: 4, convention: 'uncond-plus-scale', interval: [0.2, 0.6] },
      { key: 'interval[0.5,1].w=4', scale: 4, convention: 'uncond-plus-scale', interval: [0.5, 1] },
    ];
  const results: Record<string, CfgResult> = {};
  for (const { key, scale, convention, interval } of cases) {
    const weight = guidanceWeight(scale, convention);
    const expectedMean = guidedMeanClosedForm(weight, interval);
    // Switching guidance on or off makes the ODE's right-hand side jump: any solver is first order at the
    // switch, so interval runs take 8× the steps.
    const output = await guidedSamples(
      model,
      samples,
      interval ? 8 * steps : steps,
      seed,
      scale,
      convention,
      interval,
    );
    const errors = momentErrors(output, { mean: expectedMean, covariance: CLASS_COVARIANCE as Matrix });
    results[key] = { expected_mean: expectedMean, ...errors };
  }
  return results;
}

/**
 * Guidance rescale (φ) checked against its formula on every guided prediction of a sampling run: the
 * per-sample standard deviation of the result must be φ·std(p_c) + (1 − φ)·std(p̂) … exactly as
 * p = (φ·std(p_c)/std(p̂) + 1 − φ)·p̂ implies. Returns the largest relative deviation seen.
 */
export async function measureRescale(
  samples: number,
  steps: number,
  seed: number,
  rescale = 0.7,
): Promise<number> {
  const base = exactDenoiser(processByName('rf'), 'velocity', gaussianNullByLabel);
  let worst = 0;
  const checking: Denoiser<Int32Array> = async (input) => {
    const prediction = await base(input);
    const half = prediction.length / 2;
    if (input.shape[0] !== 2 * samples) return prediction;
    const conditional = prediction.subarray(0, half);
    const unconditional = prediction.subarray(half);
    const weight = 3;
    const plain = combineGuided(conditional, unconditional, weight, samples);
    const rescaled = combineGuided(conditional, unconditional, weight, samples, rescale);
    const perSample = half / samples;
    for (let b = 0; b < samples; b++) {
      const range = [b * perSample, (b + 1) * perSample] as const;
      const expected = rescale * std(conditional, range) + (1 - rescale) * std(plain, range);
      worst = Math.max(worst, Math.abs(std(rescaled, range) - expected) / expected);
    }
    return prediction;
  };
  await guidedSamples(checking, samples, steps, seed, 3, 'uncond-plus-scale', undefined, rescale);
  return worst;
}

function std(values: Float32Array, [from, to]: readonly [number, number]): number {
  let mean = 0;
  for (let k = from; k < to; k++) mean += values[k]!;
  mean /= to - from;
  let squares = 0;
  for (let k = from; k < to; k++) squares += (values[k]! - mean) ** 2;
  return Math.sqrt(squares / (to - from - 1));
}
