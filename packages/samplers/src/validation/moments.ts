import {
  type NoiseProcess,
  PREDICTION_TARGETS,
  type PredictionTarget,
  processByName,
} from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { type LevelOptions, samplingLevels } from '../levels.js';
import { SAMPLERS } from '../registry.js';
import { exactDenoiser } from './exact-denoiser.js';
import { type GaussianMixture, mixtureMoments, momentErrors, sampleMixture } from './gaussian-data.js';

export const VALIDATED_PROCESSES = [
  'rf',
  'vp-linear',
  'vp-cosine',
  'vp-linear-discrete',
  'vp-cosine-discrete',
  'edm',
] as const;

/**
 * The spacing each process is normally sampled with. An ε-prediction does not determine x₀ at zero SNR
 * (α = 0: rectified flow's and the continuous cosine schedule's t = 1), so ε-models start just inside.
 */
export function defaultSpacing(
  process: NoiseProcess,
  steps: number,
  target: PredictionTarget = 'velocity',
): LevelOptions {
  if (process.name === 'edm') return { steps, spacing: 'karras' };
  if (process.name.endsWith('-discrete')) return { steps, spacing: 'trailing' };
  const zeroSnrStart = target === 'epsilon' && process.alpha(process.tMax) === 0;
  return {
    steps,
    spacing: 'linspace',
    ...(zeroSnrStart ? { tStart: process.tMax - 1e-3 * (process.tMax - process.tMin) } : {}),
  };
}

/**
 * Draws x at the first level from the exact marginal (α·x₀ + σ·z, x₀ from the data) so the measurement is
 * the sampler's error, not the prior's mismatch at t_max.
 */
export function exactMarginal(
  mixture: GaussianMixture,
  alpha: number,
  sigma: number,
  n: number,
  seed: number,
): Float32Array {
  const rng = createRng(seed);
  const data = sampleMixture(mixture, n, rng);
  const noise = rng.normal(data.length);
  return Float32Array.from(data, (value, k) => alpha * value + sigma * noise[k]!);
}

export interface MomentsResult {
  mean_err: number;
  cov_err: number;
}

/** Every sampler × process × prediction target on `mixture`, sampled with the exact model. */
export async function measureMoments(
  mixture: GaussianMixture,
  samples: number,
  steps: number,
  seed: number,
): Promise<Record<string, MomentsResult>> {
  const expected = mixtureMoments(mixture);
  const d = expected.mean.length;
  const results: Record<string, MomentsResult> = {};
  for (const processName of VALIDATED_PROCESSES) {
    const process = processByName(processName);
    for (const target of PREDICTION_TARGETS) {
      const levels = samplingLevels(process, defaultSpacing(process, steps, target));
      const start = exactMarginal(mixture, levels[0]!.alpha, levels[0]!.sigma, samples, seed);
      const model = exactDenoiser(process, target, () => mixture);
      for (const samplerName of Object.keys(SAMPLERS) as (keyof typeof SAMPLERS)[]) {
        const output = await SAMPLERS[samplerName]({
          process,
          model,
          target,
          condition: new Int32Array(samples),
          shape: [samples, d],
          levels,
          x: start,
          rng: createRng(seed + 1),
        });
        results[`${processName}.${target}.${samplerName}`] = momentErrors(output, expected);
      }
    }
  }
  return results;
}
